#ifndef JOBSENTRY_COPENBLAS_SHIM_H
#define JOBSENTRY_COPENBLAS_SHIM_H
// Debian: libopenblas-dev (cblas.h, openblas_get_corename) and liblapacke-dev (lapacke.h).
#include <cblas.h>
#include <lapacke.h>
#include <stdlib.h>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// Large matrices (100 MB each for a 100,000-series panel) freed and allocated again every
// iteration: glibc serves blocks over 32 MiB with fresh mmap pages, so each allocation
// page-faults and zero-fills again, and freed heap tops go back to the kernel. Keep them in
// the heap instead (see LinearAlgebra's `MatrixMemory.keepFreedBlocks()`). Returns 1 on success.
static inline int jobsentry_keep_freed_blocks(void) {
#if defined(__GLIBC__)
    int a = mallopt(M_MMAP_MAX, 0);
    int b = mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
    return a == 1 && b == 1;
#else
    return 0;  // other C libraries: their defaults
#endif
}

// Bytes the allocator currently holds in separately mmap'd blocks (0 where unknown).
static inline size_t jobsentry_mmapped_bytes(void) {
#if defined(__GLIBC__)
    return mallinfo2().hblkhd;
#else
    return 0;
#endif
}
#endif
