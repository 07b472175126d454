#!/usr/bin/env bash
# The device check (docs/GPU.md): fdc's engine on a real GPU, from the bundle of
# scripts/gpu-bundle.sh, on a machine that has a CUDA PyTorch under Python but no JDK and no network.
# Run from the checkout's root with the bundle carried (build/gpu-bundle), e.g.
#
#   scripts/gpu-check.sh --out "$OUT"
#
# Steps, each timed and logged under OUT/logs (a failed step is reported and the next ones run
# where they can):
#   1 facts     GPU, driver, torch version, CUDA, C++ ABI, glibc, compilers -> OUT/facts.txt; a
#               GPU check on a machine whose torch sees no GPU is refused here (exit 3)
#   2 jni       DJL's JNI built against this torch (bin/build-jni.sh), or reused from --jni-cache
#               when its build key matches; the library and its build-info go to OUT/jni/ (carry
#               them back as build/gpu-jni to skip the build on a rerun)
#   3 engine    DJL started on that torch and JNI; fails unless the mapped libtorch, the JNI and
#               the device are the ones asked for (dev.fdc.gpu.NativeLibraries)
#   4 tests     the closed-form engine tests on the device: MATH.md §7.1 Adjoint Matching tilt, the
#               VJP checks, two engines in two threads bit for bit (JUnit reports in OUT/junit)
#   5 bench     fdc bench on the device (fdc alone), then fdc bench --compare-pytorch in fp32 and
#               bf16 (the same work in this machine's PyTorch, issue 9); one table in OUT/bench.md
#
# Options:
#   --out DIR        results (default: $OUT)
#   --bundle DIR     the bundle (default: build/gpu-bundle)
#   --python PY      the Python with the torch to use (default: python3)
#   --device D       gpu (default) or cpu: cpu rehearses the whole check on a CPU-only torch
#   --jni-cache DIR  a folder with an earlier OUT/jni (default: build/gpu-jni when present)
#   --jobs N         parallel compilations for the JNI (default: nproc)
#   --budget-s N     stop starting steps past N seconds (default 470, the machine's 8 minutes less
#                    a margin); a step's timeout never runs past it
#   --skip-tests, --skip-bench, --dry-run (facts and the plan only: nothing is built or run)
#
# Exit: 0 all steps passed, 1 a step failed, 2 bad input (also: --python cannot import torch),
# 3 refused (no GPU where one was asked for).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${OUT:-}" bundle="$root/build/gpu-bundle" py=python3 device=gpu jni_cache="" jobs="" budget=470
skip_tests=0 skip_bench=0 dry=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "gpu-check: $*" >&2; echo "(scripts/gpu-check.sh --help for usage)" >&2; exit 2; }
need_arg() { [[ $# -ge 2 && -n "$2" ]] || bad "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) need_arg "$@"; out="$2"; shift 2 ;;
    --bundle) need_arg "$@"; bundle="$2"; shift 2 ;;
    --python) need_arg "$@"; py="$2"; shift 2 ;;
    --device) need_arg "$@"; device="$2"; shift 2 ;;
    --jni-cache) need_arg "$@"; jni_cache="$2"; shift 2 ;;
    --jobs) need_arg "$@"; jobs="$2"; shift 2 ;;
    --budget-s) need_arg "$@"; budget="$2"; shift 2 ;;
    --skip-tests) skip_tests=1; shift ;;
    --skip-bench) skip_bench=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done
[[ -n "$out" ]] || bad "no output folder: pass --out DIR or set OUT"
[[ "$device" == gpu || "$device" == cpu ]] || bad "--device: expected gpu or cpu, got '$device'"
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || bad "--jobs: expected a positive integer, got '$jobs'"
[[ "$budget" =~ ^[1-9][0-9]*$ ]] || bad "--budget-s: expected a positive integer, got '$budget'"
[[ -d "$bundle" ]] || bad "no bundle at '$bundle' (make it with scripts/gpu-bundle.sh and carry build/gpu-bundle)"
bundle="$(cd "$bundle" && pwd)"
for f in jre/bin/java jre/include/jni.h bin/build-jni.sh bin/fdc bin/fdc-test bin/engine-check djl/SOURCE.txt; do
  [[ -e "$bundle/$f" ]] || bad "the bundle at $bundle lacks $f (rebuild it with scripts/gpu-bundle.sh)"
done
command -v "$py" >/dev/null || bad "--python: '$py' not found"
# carried files may lose their execute bits on the way
chmod +x "$bundle"/bin/* "$bundle"/jre/bin/* 2>/dev/null || true
[[ -f "$bundle/jre/lib/jspawnhelper" ]] && { chmod +x "$bundle/jre/lib/jspawnhelper" 2>/dev/null || true; }
if [[ -z "$jni_cache" && -d "$root/build/gpu-jni" ]]; then jni_cache="$root/build/gpu-jni"; fi
[[ -z "$jni_cache" || -d "$jni_cache" ]] || bad "--jni-cache: no folder '$jni_cache'"
for t in timeout sha256sum nm; do command -v "$t" >/dev/null || bad "'$t' not found on this machine"; done
jobs="${jobs:-$(nproc)}"

mkdir -p "$out/logs"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fdc-gpu-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
t0=$SECONDS
declare -a summary=()
status=0

say() { echo "gpu-check [$((SECONDS - t0))s]: $*"; }
record() { summary+=("$(printf '%-8s %-9s %4ss  %s' "$1" "$2" "$3" "$4")"); [[ "$2" == PASS || "$2" == SKIPPED ]] || status=1; }
left() { echo $((budget - (SECONDS - t0))); }
# run STEP LOG LIMIT CMD...: runs CMD under min(LIMIT, budget left) seconds, tee'd to OUT/logs/LOG
run() {
  local name="$1" log="$out/logs/$2" limit="$3"; shift 3
  local l; l="$(left)"; (( l < limit )) && limit=$l
  if (( limit < 15 )); then say "$name: not started, the time budget is spent"; return 124; fi
  say "$name: $* (limit ${limit}s)"
  set +e
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  (( rc == 124 || rc == 137 )) && say "$name: TIMED OUT after ${limit}s"
  return "$rc"
}

# ---- 1. facts -----------------------------------------------------------------------------------
s=$SECONDS
"$py" - "$device" > "$work/facts.env" 2> "$out/logs/facts-python.log" <<'EOF' || true
import os, platform, sys
want = sys.argv[1]
def out(k, v): print(f"{k}={v}")
try:
    import torch
except Exception as e:
    out("torch_error", repr(e)); sys.exit(0)
d = os.path.dirname(torch.__file__)
out("torch_version", torch.__version__)
out("torch_dir", d)
out("torch_cuda", torch.version.cuda or "")
out("torch_abi", int(torch._C._GLIBCXX_USE_CXX11_ABI))
out("glibc", " ".join(platform.libc_ver()))
out("python", sys.version.split()[0])
avail = torch.cuda.is_available()
out("cuda_available", int(avail))
if avail:
    out("gpu_count", torch.cuda.device_count())
    out("gpu_name", torch.cuda.get_device_name(0))
    out("gpu_capability", "%d.%d" % torch.cuda.get_device_capability(0))
    out("cudnn", torch.backends.cudnn.version())
    out("bf16_supported", int(torch.cuda.is_bf16_supported()))
    torch.zeros(1, device="cuda")
cudart = ""
with open("/proc/self/maps") as f:
    for line in f:
        p = line.split()[-1]
        if "libcudart.so" in p:
            cudart = p; break
out("cudart", cudart)
EOF
get() { sed -n "s/^$1=//p" "$work/facts.env" | head -1; }
val() { local v; v="$(get "$1")"; echo "${v:--}"; }
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), host $(uname -n), $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  if command -v nvidia-smi >/dev/null; then
    echo "nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>&1 | head -4 | paste -sd';' -)"
  else
    echo "nvidia-smi: not found"
  fi
  echo "python: $py ($(val python)), glibc $(val glibc) (ldd: $(ldd --version 2>/dev/null | head -1 | awk '{print $NF}'))"
  echo "torch: $(val torch_version), CUDA $(val torch_cuda), cuDNN $(val cudnn), C++ ABI (_GLIBCXX_USE_CXX11_ABI) $(val torch_abi), at $(val torch_dir)"
  echo "torch sees: cuda available $(val cuda_available), GPUs $(val gpu_count): $(val gpu_name) (capability $(val gpu_capability), bf16 $(val bf16_supported)); libcudart $(val cudart)"
  echo "compilers: $(g++ --version 2>/dev/null | head -1); cmake $(cmake --version 2>/dev/null | head -1 | awk '{print $3}'); ninja $(ninja --version 2>/dev/null); nvcc $(nvcc --version 2>/dev/null | sed -n 's/.*release \([^,]*\).*/\1/p')"
  echo "bundle: $(head -1 "$bundle/MANIFEST.txt" 2>/dev/null); java $("$bundle/jre/bin/java" -version 2>&1 | head -1)"
  echo "check: device $device, budget ${budget}s, jni cache ${jni_cache:-none}"
} | tee "$out/facts.txt"
if [[ -n "$(get torch_error)" ]]; then
  say "$py cannot import torch ($(get torch_error)): pass --python with the Python that has PyTorch"
  record facts FAIL $((SECONDS - s)) "$py cannot import torch"
  printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"; exit 2
fi
if [[ $device == gpu ]]; then
  if [[ "$(get cuda_available)" != 1 ]]; then
    say "REFUSED: a GPU check, but torch $(get torch_version) at $(get torch_dir) sees no CUDA device (torch.cuda.is_available() is False; CUDA build: '$(get torch_cuda)'). Nothing would run on a GPU here; use --device cpu to rehearse on the CPU."
    record facts REFUSED $((SECONDS - s)) "no CUDA device visible to torch"
    printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"; exit 3
  fi
  [[ -e "$(get torch_dir)/lib/libtorch_cuda.so" ]] || { say "REFUSED: $(get torch_dir)/lib has no libtorch_cuda.so"; exit 3; }
fi
if [[ $device == gpu ]]; then where="$(get gpu_name)"; else where="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"; fi
record facts PASS $((SECONDS - s)) "torch $(get torch_version) on $where"

# environment that points DJL at this torch and our JNI (docs/GPU.md)
tver="$(get torch_version)"; [[ "$tver" =~ ^([0-9]+\.[0-9]+\.[0-9]+) ]] && tver="${BASH_REMATCH[1]}"
tlib="$(get torch_dir)/lib"
if [[ $device == gpu ]]; then cu="$(get torch_cuda)"; flavor="cu${cu//./}"; else flavor=cpu; fi
cache="$work/djl-cache"
jni_dir="$cache/pytorch/$tver-$flavor-linux-x86_64"
jni="$jni_dir/0.33.0-libdjl_torch.so"
mkdir -p "$jni_dir" "$work/jna"
export PYTORCH_LIBRARY_PATH="$tlib" PYTORCH_VERSION="$tver" PYTORCH_FLAVOR="$flavor"
export ENGINE_CACHE_DIR="$cache" DJL_CACHE_DIR="$cache" FDC_JNI_LIBRARY="$jni"
export OMP_WAIT_POLICY=PASSIVE CUBLAS_WORKSPACE_CONFIG=:4096:8 FDC_PYTHON="$py"
java_opts="-Dfdc.device=$device -Dfdc.libtorch.require=$tlib -Dfdc.jni.require=$jni -Dai.djl.offline=true"
if [[ $device == gpu ]]; then
  # DJL counts GPUs through JNA's Native.load("cudart"): the libcudart torch itself mapped, else
  # one of the CUDA toolkit (torch builds with a static cudart map none)
  cudart="$(get cudart)"
  if [[ -z "$cudart" ]]; then
    for d in "${CUDA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v nvcc 2>/dev/null || echo /x/x)")")")" /usr/local/cuda; do
      [[ -n "$d" ]] || continue
      cudart="$(ls "$d"/lib64/libcudart.so* "$d"/lib/libcudart.so* 2>/dev/null | head -1 || true)"
      [[ -n "$cudart" ]] && break
    done
  fi
  [[ -n "$cudart" ]] || { say "REFUSED: torch sees a GPU, but no libcudart is mapped or in a CUDA toolkit: DJL could not count GPUs"; exit 3; }
  ln -sf "$(readlink -f "$cudart")" "$work/jna/libcudart.so"
  java_opts+=" -Djna.library.path=$work/jna"
  say "libcudart for DJL: $cudart"
fi
# DJL System.load()s every library in PYTORCH_LIBRARY_PATH except those it defers; a pip torch/lib
# holds more (libtorch_python, libshm, ...): leave all but the ones DJL needs to the dynamic loader
export PYTORCH_LIBRARY_EXCLUSION="$(cd "$tlib" && ls | grep -E '\.so(\.[0-9]+)*$' \
  | grep -vxE 'lib(c10|c10_cuda|torch|torch_cpu|torch_cuda|caffe2_nvrtc)\.so' | paste -sd, -)"
export FDC_JAVA_OPTS="$java_opts"
{
  echo "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR"
  echo "ENGINE_CACHE_DIR=$ENGINE_CACHE_DIR (JNI at $jni)"
  echo "FDC_JAVA_OPTS=$FDC_JAVA_OPTS"
  echo "CUBLAS_WORKSPACE_CONFIG=$CUBLAS_WORKSPACE_CONFIG OMP_WAIT_POLICY=$OMP_WAIT_POLICY FDC_PYTHON=$FDC_PYTHON"
  echo "PYTORCH_LIBRARY_EXCLUSION=$PYTORCH_LIBRARY_EXCLUSION"
} | tee "$out/env.txt"

tests=(dev.fdc.gpu.adjoint.AdjointMatchingTiltTest dev.fdc.gpu.model.VectorJacobianProductTest
  dev.fdc.workers.exec.EngineTaskExecutorConcurrencyTest)
select=(); for c in "${tests[@]}"; do select+=(--select-class "$c"); done
bench_flags=(--compare-pytorch --device "$device")

if [[ $dry == 1 ]]; then
  say "dry run: would build the JNI with $bundle/bin/build-jni.sh --python $py --out <tmp> ${jni_cache:+--reuse $jni_cache} --jobs $jobs"
  say "dry run: would run $bundle/bin/engine-check, $bundle/bin/fdc-test ${select[*]}, $bundle/bin/fdc bench, $bundle/bin/fdc bench ${bench_flags[*]} --dtype fp32|bf16"
  printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"
  exit 0
fi

# ---- 2. JNI -------------------------------------------------------------------------------------
s=$SECONDS
reuse=(); [[ -n "$jni_cache" ]] && reuse=(--reuse "$jni_cache")
if run jni jni.log 300 "$bundle/bin/build-jni.sh" --python "$py" --out "$work/jni" --java-home "$bundle/jre" \
     --djl-src "$bundle/djl" --jobs "$jobs" "${reuse[@]}"; then
  mkdir -p "$out/jni"
  cp "$work/jni/0.33.0-libdjl_torch.so" "$work/jni/build-key.txt" "$out/jni/"
  [[ -f "$work/jni/build-info.txt" ]] && cp "$work/jni/build-info.txt" "$out/jni/"
  cp "$work/jni/0.33.0-libdjl_torch.so" "$jni"
  how="built"; grep -q 'reused' "$out/logs/jni.log" && how="reused from $jni_cache"
  record jni PASS $((SECONDS - s)) "$how; OUT/jni/0.33.0-libdjl_torch.so"
else
  mkdir -p "$out/jni/logs"; cp "$work"/jni/work/logs/*.log "$out/jni/logs/" 2>/dev/null || true
  record jni FAIL $((SECONDS - s)) "see OUT/logs/jni.log and OUT/jni/logs/"
  printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"; exit 1
fi

# ---- 3. engine ----------------------------------------------------------------------------------
s=$SECONDS
if run engine engine.log 90 "$bundle/bin/engine-check"; then
  record engine PASS $((SECONDS - s)) "$(grep -m1 '^engine check' "$out/logs/engine.log")"
else
  record engine FAIL $((SECONDS - s)) "$(grep -m1 'FAILED' "$out/logs/engine.log" | cut -c1-150)"
  printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"; exit 1
fi

# ---- 4. tests -----------------------------------------------------------------------------------
s=$SECONDS
if [[ $skip_tests == 1 ]]; then
  record tests SKIPPED 0 "--skip-tests"
elif run tests tests.log 300 "$bundle/bin/fdc-test" "${select[@]}" --fail-if-no-tests --reports-dir "$out/junit"; then
  record tests PASS $((SECONDS - s)) "$(grep -E 'tests (successful|failed)' "$out/logs/tests.log" | tr -s ' []' ' ' | paste -sd, -)"
else
  record tests FAIL $((SECONDS - s)) "$(grep -E 'tests (successful|failed)' "$out/logs/tests.log" | tr -s ' []' ' ' | paste -sd, -) (OUT/logs/tests.log)"
fi

# ---- 5. bench -----------------------------------------------------------------------------------
bench_table() {  # fdc bench's own lines -> markdown rows
  awk -v col="$1" '
    function v(s) { sub(/^[^:]*: */, "", s); gsub(/  +/, " ", s); return s }
    /^MLP forward, batch/    { printf "| MLP forward | %s | %s |\n", col, v($0) }
    /^MLP forward\+backward/ { printf "| MLP forward + backward | %s | %s |\n", col, v($0) }
    /^AM iteration:/         { printf "| one AM iteration | %s | %s |\n", col, v($0) }
    /^throughput:/           { printf "| throughput | %s | %s |\n", col, v($0) }
    /^AM loss over/          { printf "| loss batched vs looped | %s | %s |\n", col, v($0) }' "$2"
}
if [[ $skip_bench == 1 ]]; then
  record bench SKIPPED 0 "--skip-bench"
else
  s=$SECONDS
  {
    echo "# fdc bench on $where ($device), $(date -u +%Y-%m-%d)"
    echo
    echo "torch $(val torch_version), CUDA $(val torch_cuda), DJL 0.33.0 with fdc's JNI build; $(nproc) cores"
    echo
  } > "$out/bench.md"
  if run bench bench-fdc.log 150 "$bundle/bin/fdc" bench; then
    { echo "| measurement | run | fdc |"; echo "|---|---|---|"; bench_table "fp32, fdc.device=$device" "$out/logs/bench-fdc.log"; echo; } >> "$out/bench.md"
    record bench PASS $((SECONDS - s)) "fdc bench on $device (fp32)"
  else
    record bench FAIL $((SECONDS - s)) "fdc bench (OUT/logs/bench-fdc.log)"
  fi
  for dtype in fp32 bf16; do
    s=$SECONDS
    if run "compare-$dtype" "bench-compare-$dtype.log" 180 "$bundle/bin/fdc" bench "${bench_flags[@]}" --dtype "$dtype"; then
      { echo "## fdc bench ${bench_flags[*]} --dtype $dtype"; echo; echo '```'; grep -v '^[0-9:.]* \(INFO\|WARN\|DEBUG\)' "$out/logs/bench-compare-$dtype.log"; echo '```'; echo; } >> "$out/bench.md"
      record "cmp-$dtype" PASS $((SECONDS - s)) "fdc bench ${bench_flags[*]} --dtype $dtype"
    elif grep -qi 'unknown option\|unmatched argument' "$out/logs/bench-compare-$dtype.log"; then
      { echo "## fdc bench ${bench_flags[*]} --dtype $dtype: not in this build (issue 9)"; echo; } >> "$out/bench.md"
      record "cmp-$dtype" MISSING $((SECONDS - s)) "this fdc has no bench ${bench_flags[*]} --dtype (issue 9)"
    else
      record "cmp-$dtype" FAIL $((SECONDS - s)) "OUT/logs/bench-compare-$dtype.log"
    fi
  done
  echo; cat "$out/bench.md"
fi

# ---- summary ------------------------------------------------------------------------------------
echo
say "summary (total $((SECONDS - t0)) s):"
printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"
exit $status
