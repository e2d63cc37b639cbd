#ifndef JOBSENTRY_COPENBLAS_SHIM_H
#define JOBSENTRY_COPENBLAS_SHIM_H
// Debian: libopenblas-dev (cblas.h, openblas_get_corename) and liblapacke-dev (lapacke.h).
#include <cblas.h>
#include <lapacke.h>
#endif
