#!/usr/bin/env bash
# CPU rehearsal of the GPU route (docs/GPU.md), on this machine and with Debian's libtorch 1.13
# (packages libtorch-dev and python3-torch): the same JNI build script, DJL pointed at a libtorch
# that is not the pytorch-native jar's, no pytorch-native-cpu or pytorch-jni on any classpath.
#
#   scripts/gpu-rehearse-cpu.sh [--install] [--python PY] [--djl-git DIR] [--skip-maven-tests]
#                               [--skip-bundle] [--check-builds-jni] [--out DIR]
#
#   --install           apt-get install -y libtorch-dev python3-torch when torch is missing (root)
#   --python PY         the Python of Debian's torch (default: /usr/bin/python3)
#   --djl-git DIR       DJL git repository (scripts/djl-sources.sh)
#   --skip-maven-tests  leave out step 3 (the longest)
#   --skip-bundle       leave out steps 6-7 (the bundle and scripts/gpu-check.sh --device cpu)
#   --check-builds-jni  let step 7 compile the JNI again instead of reusing step 2's
#   --out DIR           logs and results (default: build/rehearsal)
#
# Steps: 1 DJL sources; 2 the JNI against Debian's libtorch (build/jni-debian, reused when its
# build key matches); 3 the gpu module's tests and the workers' EngineTaskExecutor* tests under
# -Psystem-libtorch; 4 ./fdc bench and the engine report under -Psystem-libtorch (the default
# build is restored afterwards); 5 the guards refuse what they must (a GPU that is not there, a
# libtorch that is not the one required); 6 the bundle, and DJL's GPU count through JNA in its Java
# runtime with a stand-in libcudart (scripts/rehearsal/fake-cudart.c); 7 scripts/gpu-check.sh
# --device cpu with the bundle, and scripts/gpu-check.sh (GPU) refusing. Maven flags: FDC_MVN_FLAGS
# (e.g. -o).
# Exit 0 when every step passed, 1 otherwise, 2 on bad input.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
install=0 py=/usr/bin/python3 djl_git="" maven_tests=1 do_bundle=1 check_builds=0 out="$root/build/rehearsal"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "gpu-rehearse-cpu: $*" >&2; echo "(scripts/gpu-rehearse-cpu.sh --help for usage)" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --install) install=1; shift ;;
    --python) [[ $# -ge 2 ]] || bad "--python needs a value"; py="$2"; shift 2 ;;
    --djl-git) [[ $# -ge 2 ]] || bad "--djl-git needs a folder"; djl_git="$2"; shift 2 ;;
    --skip-maven-tests) maven_tests=0; shift ;;
    --skip-bundle) do_bundle=0; shift ;;
    --check-builds-jni) check_builds=1; shift ;;
    --out) [[ $# -ge 2 ]] || bad "--out needs a folder"; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

cd "$root"
command -v java >/dev/null && command -v javac >/dev/null || bad "a JDK 17+ (java, javac) is needed on PATH"
command -v gcc >/dev/null || bad "gcc not found"
if ! "$py" -c 'import torch' 2>/dev/null; then
  if [[ $install == 1 ]]; then
    [[ $(id -u) == 0 ]] || bad "--install needs root (apt-get)"
    echo "gpu-rehearse-cpu: apt-get install -y libtorch-dev python3-torch"
    apt-get install -y libtorch-dev python3-torch
  else
    bad "'$py' cannot import torch: install Debian's libtorch (apt-get install -y libtorch-dev python3-torch) or pass --install"
  fi
fi
mkdir -p "$out"
rm -f "$out"/*.log "$out/summary.txt"
t0=$SECONDS
declare -a summary=()
status=0
say() { echo "gpu-rehearse-cpu [$((SECONDS - t0))s]: $*"; }
record() { summary+=("$(printf '%-12s %-4s %5ss  %s' "$1" "$2" "$3" "$4")"); [[ "$2" == PASS ]] || status=1; }
mvn() { ./mvnw ${FDC_MVN_FLAGS:-} "$@"; }   # shellcheck disable=SC2086

restore_default_build=0
cleanup() {
  if [[ $restore_default_build == 1 ]]; then
    say "restoring the default build (./mvnw -q package -DskipTests: the launcher's classpath with the libtorch jar again)"
    mvn -q package -DskipTests > "$out/restore.log" 2>&1 || say "WARNING: the restore build failed, see $out/restore.log"
  fi
}
trap cleanup EXIT

# 1. DJL sources -------------------------------------------------------------------------------
s=$SECONDS
djl_args=(); [[ -n "$djl_git" ]] && djl_args=(--git "$djl_git")
"$here/djl-sources.sh" "${djl_args[@]}" 2>&1 | tee "$out/djl-sources.log"
record djl-sources PASS $((SECONDS - s)) "$(sed -n 2p build/djl-0.33.0/SOURCE.txt)"

# 2. the JNI against Debian's libtorch -----------------------------------------------------------
s=$SECONDS
reuse=(); [[ -f build/jni-debian/build-key.txt ]] && reuse=(--reuse build/jni-debian)
if "$here/djl-jni/build-jni.sh" --python "$py" --out build/jni-debian "${reuse[@]}" 2>&1 | tee "$out/jni.log"; then
  record jni PASS $((SECONDS - s)) "$(grep -m1 'reused\|compiled in' "$out/jni.log")"
else
  record jni FAIL $((SECONDS - s)) "see $out/jni.log"
  printf '%s\n' "${summary[@]}"; exit 1
fi

# DJL pointed at Debian's libtorch and our JNI (what gpu-check.sh does with the GPU machine's torch)
eval "$("$py" -c 'import os, re, torch; print("tdir=" + os.path.dirname(torch.__file__)); print("tver=" + re.match(r"\d+\.\d+\.\d+", torch.__version__).group(0))')"
export PYTORCH_LIBRARY_PATH="$tdir/lib" PYTORCH_VERSION="$tver" PYTORCH_FLAVOR=cpu
export ENGINE_CACHE_DIR="$root/build/djl-cache-debian"
export FDC_JNI_LIBRARY="$ENGINE_CACHE_DIR/pytorch/$tver-cpu-linux-x86_64/0.33.0-libdjl_torch.so"
mkdir -p "$(dirname "$FDC_JNI_LIBRARY")"
cp build/jni-debian/0.33.0-libdjl_torch.so "$FDC_JNI_LIBRARY"
# as gpu-check.sh does: DJL itself loads only the libraries it needs, the dynamic loader the rest
export PYTORCH_LIBRARY_EXCLUSION="$(cd "$PYTORCH_LIBRARY_PATH" && ls | grep -E '\.so(\.[0-9]+)*$' \
  | grep -vxE 'lib(c10|c10_cuda|torch|torch_cpu|torch_cuda|caffe2_nvrtc)\.so' | paste -sd, -)"
require="-Dfdc.libtorch.require=$PYTORCH_LIBRARY_PATH -Dfdc.jni.require=$FDC_JNI_LIBRARY"
say "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$tver PYTORCH_FLAVOR=cpu ENGINE_CACHE_DIR=$ENGINE_CACHE_DIR"

# 3. engine tests under -Psystem-libtorch ---------------------------------------------------------
if [[ $maven_tests == 1 ]]; then
  s=$SECONDS
  say "maven: the gpu module's tests and EngineTaskExecutor* (-Psystem-libtorch) ..."
  set +e
  mvn -Psystem-libtorch verify -pl gpu,workers -am \
    -Dtest='**/dev/fdc/gpu/**/*Test,**/EngineTaskExecutor*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    > "$out/maven-tests.log" 2>&1
  rc=$?
  set -e
  grep -E 'Tests run:.*Fail|FAIL|ERROR\]|BUILD' "$out/maven-tests.log" | grep -v '^\[INFO\] Tests run:.*in dev' | tail -25
  runs="$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures' "$out/maven-tests.log" | grep -v ' in ' | paste -sd';' -)"
  if [[ $rc == 0 ]]; then record maven-tests PASS $((SECONDS - s)) "$runs"; else record maven-tests FAIL $((SECONDS - s)) "$runs (see $out/maven-tests.log)"; fi
fi

# 4. ./fdc bench with the launcher's classpath built under -Psystem-libtorch -----------------------
s=$SECONDS
say "building with -Psystem-libtorch for ./fdc ..."
restore_default_build=1
mvn -q -Psystem-libtorch package -DskipTests > "$out/package-system.log" 2>&1 || { record fdc-bench FAIL $((SECONDS - s)) "build, see $out/package-system.log"; printf '%s\n' "${summary[@]}"; exit 1; }
if tr ':' '\n' < cli/target/classpath.txt | grep -q 'pytorch-native\|pytorch-jni'; then
  record classpath FAIL 0 "cli/target/classpath.txt still lists pytorch-native/pytorch-jni"
else
  record classpath PASS 0 "cli/target/classpath.txt: $(tr ':' '\n' < cli/target/classpath.txt | wc -l) jars, no pytorch-native, no pytorch-jni"
fi
cp="cli/target/classes:$(cat cli/target/classpath.txt)"
if java $require -cp "$cp" dev.fdc.gpu.NativeLibraries 2>&1 | tee "$out/engine.txt"; then
  record engine PASS $((SECONDS - s)) "$(sed -n 's/^libtorch_cpu mapped: *//p' "$out/engine.txt"); jni $(sed -n 's/^jni mapped: *//p' "$out/engine.txt")"
else
  record engine FAIL $((SECONDS - s)) "see $out/engine.txt"
fi
s=$SECONDS
if FDC_JAVA_OPTS="$require" ./fdc bench 2>&1 | tee "$out/fdc-bench.log"; then
  record fdc-bench PASS $((SECONDS - s)) "$(grep -m1 '^AM iteration' "$out/fdc-bench.log" | tr -s ' ')"
else
  record fdc-bench FAIL $((SECONDS - s)) "see $out/fdc-bench.log"
fi

# 5. the guards refuse --------------------------------------------------------------------------
s=$SECONDS
if java $require -Dfdc.device=gpu -cp "$cp" dev.fdc.gpu.NativeLibraries > "$out/guard-gpu.log" 2>&1; then
  record guard-gpu FAIL $((SECONDS - s)) "fdc.device=gpu on a CPU-only libtorch was accepted"
elif grep -q "reports no CUDA" "$out/guard-gpu.log"; then
  record guard-gpu PASS $((SECONDS - s)) "$(grep -m1 -o 'fdc.device=gpu.*reports no CUDA' "$out/guard-gpu.log")"
else
  record guard-gpu FAIL $((SECONDS - s)) "failed, but not for the GPU: see $out/guard-gpu.log"
fi
# without PYTORCH_LIBRARY_PATH: with no libtorch jar DJL finds nothing offline; with the default
# build's jar it quietly takes that libtorch 2.5.1, and the fdc.libtorch.require guard refuses it
s=$SECONDS
unset_env=(env -u PYTORCH_LIBRARY_PATH -u PYTORCH_VERSION -u ENGINE_CACHE_DIR)
"${unset_env[@]}" java $require -cp "$cp" dev.fdc.gpu.NativeLibraries > "$out/guard-libtorch.log" 2>&1 && rc=0 || rc=$?
repo="${MAVEN_REPO:-$HOME/.m2/repository}/ai/djl/pytorch"
jars="$repo/pytorch-native-cpu/2.5.1/pytorch-native-cpu-2.5.1-linux-x86_64.jar:$repo/pytorch-jni/2.5.1-0.33.0/pytorch-jni-2.5.1-0.33.0.jar"
"${unset_env[@]}" java $require -cp "$cp:$jars" dev.fdc.gpu.NativeLibraries > "$out/guard-libtorch-jar.log" 2>&1 && rc2=0 || rc2=$?
if [[ $rc == 0 || $rc2 == 0 ]]; then
  record guard-lib FAIL $((SECONDS - s)) "without PYTORCH_LIBRARY_PATH the engine started anyway (see $out/guard-libtorch*.log)"
elif grep -q 'this process runs on' "$out/guard-libtorch-jar.log"; then
  record guard-lib PASS $((SECONDS - s)) "no jar: $(grep -m1 -o 'EngineException: [^(]*' "$out/guard-libtorch.log"); 2.5.1 jar: refused, $(grep -m1 -o 'this process runs on [^,]*' "$out/guard-libtorch-jar.log")"
else
  record guard-lib FAIL $((SECONDS - s)) "refused, but not by the guard: $out/guard-libtorch-jar.log"
fi

# 6-7. the bundle and the device check on the CPU ------------------------------------------------
if [[ $do_bundle == 1 ]]; then
  s=$SECONDS
  # gpu-bundle.sh's own default build restores the launcher's default classpath
  if "$here/gpu-bundle.sh" ${djl_git:+--djl-git "$djl_git"} 2>&1 | tee "$out/bundle.log"; then
    record bundle PASS $((SECONDS - s)) "$(grep 'MiB (' "$out/bundle.log" | sed 's/^gpu-bundle: //')"
    restore_default_build=0   # its own build was the default one
  else
    record bundle FAIL $((SECONDS - s)) "see $out/bundle.log"
  fi
  # DJL's GPU count through JNA in the bundle's runtime, with a stand-in libcudart (one pretend
  # GPU) found the way gpu-check.sh points JNA at the real one: a libcudart.so link on jna.library.path
  s=$SECONDS
  b="$root/build/gpu-bundle"
  mkdir -p build/fake-cudart/jna
  gcc -shared -fPIC -O1 -o build/fake-cudart/libcudart.so.13 "$here/rehearsal/fake-cudart.c"
  ln -sf "$root/build/fake-cudart/libcudart.so.13" build/fake-cudart/jna/libcudart.so
  jna="-Djna.library.path=$root/build/fake-cudart/jna"
  "$b/jre/bin/java" $require $jna -cp "$b/lib/*" dev.fdc.gpu.NativeLibraries > "$out/jna-cudart.log" 2>&1 || true
  "$b/jre/bin/java" $require $jna -Dfdc.device=gpu -cp "$b/lib/*" dev.fdc.gpu.NativeLibraries > "$out/jna-cudart-gpu.log" 2>&1 || true
  if grep -q '^gpus via libcudart: *1 ' "$out/jna-cudart.log" && grep -q 'reports no CUDA' "$out/jna-cudart-gpu.log"; then
    record jna-cudart PASS $((SECONDS - s)) "bundle runtime: $(grep '^gpus via' "$out/jna-cudart.log" | tr -s ' '); fdc.device=gpu still refused (no CUDA in libtorch)"
  else
    record jna-cudart FAIL $((SECONDS - s)) "see $out/jna-cudart.log and $out/jna-cudart-gpu.log"
  fi
  s=$SECONDS
  cache=(--jni-cache build/jni-debian); [[ $check_builds == 1 ]] && cache=()
  rm -rf "$out/gpu-check-cpu"
  if env -u PYTORCH_LIBRARY_PATH -u ENGINE_CACHE_DIR -u FDC_JNI_LIBRARY -u PYTORCH_VERSION -u PYTORCH_FLAVOR -u PYTORCH_LIBRARY_EXCLUSION \
      "$here/gpu-check.sh" --device cpu --python "$py" --out "$out/gpu-check-cpu" "${cache[@]}" --budget-s 3000 \
      2>&1 | tee "$out/gpu-check-cpu.log"; then
    record check-cpu PASS $((SECONDS - s)) "$out/gpu-check-cpu/summary.txt"
  elif ! grep -v '^[a-z0-9-]* *\(PASS\|MISSING\) ' "$out/gpu-check-cpu/summary.txt" | grep -q .; then
    # only the comparator steps are MISSING: fdc bench --compare-pytorch is issue 9's, not yet here
    record check-cpu PASS $((SECONDS - s)) "all steps passed but $(grep -c MISSING "$out/gpu-check-cpu/summary.txt") MISSING (fdc bench --compare-pytorch, issue 9): $out/gpu-check-cpu/summary.txt"
  else
    record check-cpu FAIL $((SECONDS - s)) "$(grep -c 'FAIL\|MISSING' "$out/gpu-check-cpu/summary.txt" 2>/dev/null) step(s) not passed: $out/gpu-check-cpu/summary.txt"
  fi
  s=$SECONDS
  set +e
  env -u PYTORCH_LIBRARY_PATH "$here/gpu-check.sh" --python "$py" --out "$out/gpu-check-refused" > "$out/gpu-check-refused.log" 2>&1
  rc=$?
  set -e
  if [[ $rc == 3 ]] && grep -q REFUSED "$out/gpu-check-refused.log"; then
    record check-gpu PASS $((SECONDS - s)) "refused with exit 3: $(grep -m1 -o 'REFUSED: [^(]*' "$out/gpu-check-refused.log")"
  else
    record check-gpu FAIL $((SECONDS - s)) "expected exit 3 (refused), got $rc: $out/gpu-check-refused.log"
  fi
fi

echo
say "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
say "summary (total $((SECONDS - t0)) s):"
printf '%s\n' "${summary[@]}" | tee "$out/summary.txt"
exit $status
