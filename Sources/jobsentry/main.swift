// Entry point. The BLAS kernel check must run before anything else: OpenBLAS reads
// OPENBLAS_CORETYPE only while loading, so fixing it means re-executing this binary.
import LinearAlgebra

BLASKernelBootstrap.reexecIfNeeded()
MatrixMemory.keepFreedBlocks()
JobSentry.main()
