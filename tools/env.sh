# Sourced by run.sh and test.sh: the environment the kit's commands run in.
# OPENBLAS_CORETYPE forces one OpenBLAS kernel family. Some machines set it (this kit's CI sets
# Haswell, i.e. AVX2); a learner's machine normally does not, and OpenBLAS then detects the CPU
# itself, which on AVX-512 machines is about twice as fast (see `lpt bench`). The kit therefore
# runs with OpenBLAS's own detection, as a learner would, unless LPT_KEEP_OPENBLAS_CORETYPE=1.
if [ "${LPT_KEEP_OPENBLAS_CORETYPE:-0}" != 1 ]; then
    unset OPENBLAS_CORETYPE
fi
