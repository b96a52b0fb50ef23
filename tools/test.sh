#!/usr/bin/env bash
# README's second command (and CI's): set up what is missing, then run the whole suite.
# Numeric code is tested in release mode (debug Swift is 10-50x slower in element loops); the
# exercise solutions get their own debug build in .build-solutions with -DLPT_SOLUTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
source tools/env.sh
export LPT_NO_PROGRESS=1
start=$SECONDS

echo "== 1/5 release build of every target"
swift build -c release

echo "== 2/5 chapters: recorded outputs tagged ci are reproduced"
.build/release/chapter-tool check-outputs --bin .build/release

echo "== 3/5 exercises: the reference solutions pass"
swift test --scratch-path .build-solutions -Xswiftc -DLPT_SOLUTIONS --filter ExerciseTests \
    > .build/solutions.log 2>&1 || { tail -40 .build/solutions.log; echo "solutions failed" >&2; exit 1; }
tail -1 .build/solutions.log

echo "== 4/5 exercises: the untouched stubs fail"
rm -f .build/stubs.xml .build/stubs-swift-testing.xml
# A non-zero exit is expected here: every stub throws. The checker decides.
swift test -c release --filter ExerciseTests --xunit-output .build/stubs.xml > .build/stubs.log 2>&1 || true
.build/release/chapter-tool stub-check --xunit .build/stubs-swift-testing.xml \
    || { tail -40 .build/stubs.log; exit 1; }

echo "== 5/5 main suite (chapter sync, exercise lint, gradient checks, stage runs, …)"
swift test -c release --skip ExerciseTests
echo "[time] whole suite: $((SECONDS - start)) s"
