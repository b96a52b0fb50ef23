#!/usr/bin/env bash
# Reproduces the shipped tiny-UIE backbone (Sources/SEL/Backbone/tiny-uie): 8,000 steps of batch 32
# from random weights, 70% text-to-structure examples from the pretraining pool and 30% copying
# of text from every domain (BackboneOptions' defaults). Resumable: rerun after an interruption.
# About 30 minutes on one core (OPENBLAS_NUM_THREADS=1, as the shipped checkpoint was trained;
# other thread counts can change the last bits of the weights).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/env.sh
OUT=${1:-out/backbone}
swift build -c release --product lpt
OPENBLAS_NUM_THREADS=1 .build/release/lpt backbone train --output "$OUT"
echo "copy $OUT/tiny-uie to Sources/SEL/Backbone/tiny-uie to ship it"
