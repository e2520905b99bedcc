#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the whole test suite (unit, cli and integration
# labels) with CTest. Exits non-zero when a test fails, and also when CTest finds no tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

build_dir=${BUILD_DIR:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
ctest --test-dir "$build_dir" --output-on-failure -j"${CTEST_JOBS:-2}" 2>&1 | tee "$log" || status=$?

if grep -q "No tests were found" "$log"; then
  echo "test.sh: error: ctest found no tests in '$build_dir'" >&2
  exit 1
fi
if ! grep -Eq '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log"; then
  echo "test.sh: error: ctest printed no summary (exit status $status)" >&2
  exit 1
fi
if ((status != 0)); then
  echo "test.sh: error: tests failed (ctest exit status $status)" >&2
  exit "$status"
fi
echo "test.sh: all tests passed"
