#!/usr/bin/env bash
# Proves the test commands can fail: runs a deliberately failing fixture (tests/harness/) through the same npm
# scripts and configs as the real suite, and fails if any of them exits 0 or did not run the fixture. Each run's
# output is kept in .data/harness/ and shown only when the harness is broken, so CI's log ends with the real suite.
# (Once, embedded-postgres's exit hook made Vitest exit 0 with failing tests.)
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data/harness
broken=0

expect_red() {
  local name=$1
  shift
  local log=".data/harness/$name.log"
  HARNESS_SELF_TEST=1 "$@" >"$log" 2>&1
  local code=$?
  if [ "$code" -eq 0 ] || ! grep -q 'harness fixture: this test must fail' "$log"; then
    echo "HARNESS BROKEN: '$*' exited $code on a deliberately failing test (or never ran it). Its output:"
    cat "$log"
    broken=1
  else
    echo "harness self-test: '$*' exits $code on a failing test, as it must"
  fi
}

expect_red unit npm run test:unit
expect_red e2e npm run test:e2e
exit "$broken"
