#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) in their own build
# directory, makes the seed corpora and runs every target (or the ones named) for --seconds each,
# one after the other, with the limits of docs/reliability.md: no input over 65 s
# (-timeout=65) or 2.5 GB (-rss_limit_mb=2560). Each target keeps its corpus under
# OUT/corpus/TARGET between runs; findings go to OUT/artifacts. Prints a Markdown table (target,
# seconds, executions, executions/s, corpus, peak RSS, result) and exits 1 if any target found
# anything.
#
#   fuzz/run-fuzzers.sh                    # 10 s per target (CI's short run)
#   fuzz/run-fuzzers.sh --seconds 600      # the long run of docs/reliability.md
#   fuzz/run-fuzzers.sh --seconds 60 fuzz_gguf fuzz_sentencepiece
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SPECTRO_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds=10
out=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
out="${out:-$build/fuzz-run}"
all=(fuzz_gguf fuzz_safetensors fuzz_hf_index fuzz_hf_config fuzz_llama2c fuzz_tokenizer_bin fuzz_sentencepiece fuzz_session)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSPECTRO_BUILD_FUZZERS=ON -DSPECTRO_BUILD_GUI=OFF -DSPECTRO_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
fi
cmake --build "$build" --target fuzzers --parallel "$(nproc)" >/dev/null
mkdir -p "$out/seeds" "$out/corpus" "$out/artifacts" "$out/logs"
"$build/fuzz/spectro-fuzz-seeds" "$out/seeds"

# abort() and UBSan findings are crashes; leaks too.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
failed=0
printf '| target | seconds | executions | exec/s | corpus | peak RSS (MB) | result |\n|---|---|---|---|---|---|---|\n' \
  | tee "$out/summary.md"
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus/$t" "$out/seeds/$t"
  log="$out/logs/$t.log"
  start=$(date +%s)
  set +e
  "$build/fuzz/$t" -max_total_time="$seconds" -timeout=65 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t-" "$out/corpus/$t" "$out/seeds/$t" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  corpus=$(find "$out/corpus/$t" -type f | wc -l)
  result="0 crashes"
  if [ "$rc" -ne 0 ] || ls "$out/artifacts/$t-"* >/dev/null 2>&1; then
    result="FINDING (exit $rc, see $log)"
    failed=1
  fi
  rate=$(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) ))
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$t" "$elapsed" "${execs:-?}" "$rate" "$corpus" "${rss:-?}" "$result" \
    | tee -a "$out/summary.md"
done
exit "$failed"
