// OpenBLAS's CBLAS interface (cblas_sgemm, openblas_get_corename, ...).
#include <cblas.h>
