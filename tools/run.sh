#!/usr/bin/env bash
# README's first command: set up what is missing, build in release mode, run the main job.
# Extra arguments go to `lpt run` (see `lpt run --help`), e.g. tools/run.sh --output /tmp/out.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
source tools/env.sh
swift build -c release --product lpt
exec .build/release/lpt run "$@"
