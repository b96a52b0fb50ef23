#!/usr/bin/env bash
# Reproduces the shipped tiny-UIE backbone (Sources/SEL/Backbone/tiny-uie): 12,000 steps of batch 32
# from random weights, 70% text-to-structure examples from tasks sampled out of the pretraining
# world and 30% copying of text (BackboneOptions' defaults). Resumable: rerun after an interruption.
# About 35 minutes on the two cores of the kit's reference machine (the shipped checkpoint was
# trained with two threads; another thread count can change the last bits of the weights).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/env.sh
OUT=${1:-out/backbone}
swift build -c release --product lpt
.build/release/lpt backbone train --output "$OUT"
echo "copy $OUT/tiny-uie to Sources/SEL/Backbone/tiny-uie to ship it"
