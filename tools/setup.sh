#!/usr/bin/env bash
# Installs what the kit needs and this machine lacks: OpenBLAS and Graphviz development files
# (and pkg-config, which SwiftPM uses to find them), and GNU parallel, which runs the experiment
# grids' plans (appendix B; the suite runs one). Takes a second when everything is present.
set -euo pipefail

need=(libopenblas-dev libgraphviz-dev pkg-config parallel)
missing=()
for pkg in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup: missing ${missing[*]}; run as root or install sudo, then retry" >&2
        exit 1
    fi
    echo "setup: installing ${missing[*]} with apt-get" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: no 'swift' on PATH; install a Swift 6 toolchain (swift.org) first" >&2
    exit 1
fi
echo "setup: system packages present (${need[*]})" >&2
