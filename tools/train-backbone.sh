#!/usr/bin/env bash
# Reproduces the shipped tiny-UIE backbone (Sources/SEL/Backbone/tiny-uie) in two phases; both
# are resumable (rerun this script after an interruption). About 25 minutes on 2 cores.
#   A: span corruption for 800 steps, then pool text-to-structure mixed with 25% span corruption
#      (a 9000-step schedule, stopped at step 5500, where copying names had stalled);
#   B: from A's weights, pool text-to-structure mixed with 30% full-sentence reconstruction.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/env.sh
OUT=${1:-out/backbone}
swift build -c release --product lpt
LPT=.build/release/lpt
"$LPT" backbone train --output "$OUT/a" --until 5500
"$LPT" backbone train --output "$OUT/b" --init-from "$OUT/a/checkpoint" --steps 4000 --span-only-steps 0 \
    --text-objective reconstruction --text-fraction 0.3 --peak-learning-rate 1e-3 --warmup-steps 100 --seed 12
echo "copy $OUT/b/tiny-uie to Sources/SEL/Backbone/tiny-uie to ship it"
