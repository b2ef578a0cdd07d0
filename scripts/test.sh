#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest; then, as CI does:
#  - the whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer, in a second
#    build directory, build-sanitize/, with -DSPECTRO_SANITIZE=ON and the GUI off (the GUI's own
#    tests run in the first pass); SPECTRO_SANITIZE_ALL=0 puts only the tests that feed files from
#    outside through the readers (ctest label `sanitize`) under the sanitizers, for a quicker run
#    (docs/reliability.md#sanitizers);
#  - a short run of every fuzz target (fuzz/run-fuzzers.sh, 10 s each, clang-14 in build-fuzz/).
# SPECTRO_TEST_SANITIZE=0 / SPECTRO_TEST_FUZZ=0 skip those passes (for a quick local run).
# The tests read the shared models and corpora from ../shared beside the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanitize="${SPECTRO_TEST_SANITIZE:-1}"
fuzz="${SPECTRO_TEST_FUZZ:-1}"
if [ "$fuzz" = 1 ]; then "$root/scripts/install-deps.sh" --fuzz; else "$root/scripts/install-deps.sh"; fi
"$root/scripts/build.sh"
build="${SPECTRO_BUILD_DIR:-$root/build}"
export QT_QPA_PLATFORM=offscreen
(cd "$build" && ctest --output-on-failure --timeout 900 -LE bench "$@")

if [ "$sanitize" = 1 ]; then
  sanitized="${SPECTRO_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
  cmake -S "$root" -B "$sanitized" -G Ninja -DCMAKE_BUILD_TYPE="${SPECTRO_BUILD_TYPE:-Release}" \
    -DSPECTRO_SANITIZE=ON -DSPECTRO_BUILD_GUI=OFF >/dev/null
  if [ "${SPECTRO_SANITIZE_ALL:-1}" = 1 ]; then
    labels=()
    # Everything (GUI off): bench_smoke also runs the benchmark programs.
    cmake --build "$sanitized" --parallel "$(nproc)"
  else
    labels=(-L sanitize)
    # Each test executable is named as its test and depends on what else it runs (the CLI, the
    # SentencePiece helper), so building the tests' names builds what the label needs.
    mapfile -t targets < <(cd "$sanitized" && ctest -N "${labels[@]}" -LE bench | sed -n 's/^ *Test *#[0-9]*: *//p')
    cmake --build "$sanitized" --parallel "$(nproc)" --target "${targets[@]}"
  fi
  # detect_leaks=0: libtorch, OpenMP and OpenBLAS keep thread pools and caches alive to exit,
  # which LeakSanitizer reports as leaks in every process; the fuzz targets (no libtorch) run
  # with leak detection on. UBSan findings fail the test instead of scrolling past.
  (cd "$sanitized" &&
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --output-on-failure --timeout 1800 "${labels[@]}" -LE bench "$@")
fi

if [ "$fuzz" = 1 ]; then
  "$root/fuzz/run-fuzzers.sh" --seconds "${SPECTRO_FUZZ_SECONDS:-10}"
fi
