// Entry point. The BLAS kernel check must run before anything else: OpenBLAS reads
// OPENBLAS_CORETYPE only while loading, so fixing it means re-executing this binary.
import LinearAlgebra

BLASKernelBootstrap.reexecIfNeeded()
/// Whether large freed blocks stay in the heap for reuse (see `MatrixMemory`); `doctor` reports it.
let keepsFreedBlocks = MatrixMemory.keepFreedBlocks()
JobSentry.main()
