#!/usr/bin/env bash
# Configures (Ninja, RelWithDebInfo) into ./build and builds with all cores.
#   bash scripts/build.sh                      every target
#   bash scripts/build.sh leadhubctl leadhubd  only those targets
# BUILD_DIR and BUILD_TYPE override the defaults; CMAKE_ARGS adds configure options.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BUILD_DIR:-build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
read -r -a extra <<<"${CMAKE_ARGS:-}"

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "${extra[@]}"
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
