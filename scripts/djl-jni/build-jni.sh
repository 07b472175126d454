#!/usr/bin/env bash
# Builds DJL 0.33.0's PyTorch JNI library, 0.33.0-libdjl_torch.so (the name DJL's LibUtils looks
# for), against a libtorch already on the machine, with plain g++ (no CMake, no JDK: jni.h comes
# from a Java runtime that kept include/, the JNI header from scripts/djl-sources.sh). Used by the
# CPU rehearsal (Debian's libtorch) and, from the GPU bundle, by scripts/gpu-check.sh (the machine's
# PyTorch). docs/GPU.md.
#
#   build-jni.sh --out DIR (--python PY | --torch-include DIR --torch-lib DIR [--torch-version V])
#                [--djl-src DIR] [--java-home DIR] [--jobs N] [--abi 0|1] [--cuda]
#                [--reuse DIR] [--no-patch] [--cxx COMPILER]
#
#   --out DIR           gets 0.33.0-libdjl_torch.so, build-info.txt, build-key.txt, work/ (objects, logs)
#   --python PY         a Python whose `import torch` is the libtorch to build against (pip layout:
#                       torch/include, torch/lib); version and C++ ABI are read from it
#   --torch-include DIR / --torch-lib DIR   a libtorch given by its folders (e.g. Debian's /usr/include
#                       and a folder holding libtorch.so, libtorch_cpu.so, libc10.so)
#   --torch-version V   its version when not read from Python (default: torch/version.h)
#   --djl-src DIR       DJL's sources (default: ../djl beside this script in the bundle, else
#                       build/djl-0.33.0 of the checkout)
#   --java-home DIR     a Java runtime with include/jni.h (default: ../jre in the bundle, $JAVA_HOME,
#                       or the java on PATH)
#   --jobs N            parallel compilations (default: nproc)
#   --abi 0|1           _GLIBCXX_USE_CXX11_ABI (default: from Python, else from libc10.so's symbols)
#   --cuda              compile DJL's USE_CUDA parts (CUDA stream and cache calls; needs CUDA headers
#                       from $CUDA_HOME/include); fdc needs neither, so the default is without
#   --reuse DIR         a folder holding an earlier build: its library is copied when its build key
#                       (libtorch, ABI, flags, sources, patches) is this one's, and nothing is compiled
#   --no-patch          DJL's sources as they are (to see what breaks); default: patch-djl-jni.py
#
# Checks after linking: no undefined symbol (-Wl,--no-undefined, so a JNI that does not match this
# libtorch fails here, not later as "symbol lookup error"), and every JNI function the header
# declares is exported. Exit 2 on bad input, 1 when the build fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
start_s=$SECONDS
out="" py="" tinc="" tlib="" tver="" djl="" jhome="" jobs="" abi="" cuda=0 reuse="" patch=1
cxx="${CXX:-}"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "build-jni: $*" >&2; echo "(build-jni.sh --help for usage)" >&2; exit 2; }
fail() { echo "build-jni: FAILED: $*" >&2; exit 1; }
need_arg() { [[ $# -ge 2 && -n "$2" ]] || bad "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) need_arg "$@"; out="$2"; shift 2 ;;
    --python) need_arg "$@"; py="$2"; shift 2 ;;
    --torch-include) need_arg "$@"; tinc="$2"; shift 2 ;;
    --torch-lib) need_arg "$@"; tlib="$2"; shift 2 ;;
    --torch-version) need_arg "$@"; tver="$2"; shift 2 ;;
    --djl-src) need_arg "$@"; djl="$2"; shift 2 ;;
    --java-home) need_arg "$@"; jhome="$2"; shift 2 ;;
    --jobs) need_arg "$@"; jobs="$2"; shift 2 ;;
    --abi) need_arg "$@"; abi="$2"; shift 2 ;;
    --cuda) cuda=1; shift ;;
    --reuse) need_arg "$@"; reuse="$2"; shift 2 ;;
    --no-patch) patch=0; shift ;;
    --cxx) need_arg "$@"; cxx="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done

[[ -n "$out" ]] || bad "--out DIR is required"
if [[ -n "$py" ]]; then
  [[ -z "$tinc$tlib" ]] || bad "give either --python or --torch-include/--torch-lib, not both"
else
  [[ -n "$tinc" && -n "$tlib" ]] || bad "give --python PY, or both --torch-include and --torch-lib"
fi
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || bad "--jobs: expected a positive integer, got '$jobs'"
[[ -z "$abi" || "$abi" =~ ^[01]$ ]] || bad "--abi: expected 0 or 1, got '$abi'"
[[ -z "$reuse" || -d "$reuse" ]] || bad "--reuse: no folder '$reuse'"
if [[ -z "$cxx" ]]; then
  for c in g++ c++ clang++; do if command -v "$c" >/dev/null; then cxx="$c"; break; fi; done
  [[ -n "$cxx" ]] || bad "no C++ compiler (g++, c++, clang++) found: pass --cxx or set CXX"
fi
command -v "$cxx" >/dev/null || bad "C++ compiler '$cxx' not found"
command -v nm >/dev/null || bad "nm (binutils) not found"
command -v sha256sum >/dev/null || bad "sha256sum not found"
jobs="${jobs:-$(nproc)}"

# --- DJL sources ---------------------------------------------------------------------------
if [[ -z "$djl" ]]; then
  if [[ -d "$here/../djl" ]]; then djl="$here/../djl"; else djl="$here/../../build/djl-0.33.0"; fi
fi
[[ -d "$djl" ]] || bad "no DJL sources at '$djl' (make them with scripts/djl-sources.sh, or pass --djl-src)"
djl="$(cd "$djl" && pwd)"
native="$djl/engines/pytorch/pytorch-native/src/main/native"
header="$djl/include/ai_djl_pytorch_jni_PyTorchLibrary.h"
[[ -f "$native/ai_djl_pytorch_jni_PyTorchLibrary_system.cc" ]] || bad "'$djl' holds no DJL JNI sources ($native)"
[[ -f "$djl/api/src/main/native/djl/utils.h" ]] || bad "'$djl' lacks api/src/main/native/djl/utils.h"
[[ -f "$header" ]] || bad "'$djl' lacks the generated JNI header $header (scripts/djl-sources.sh makes it)"

# --- Java headers --------------------------------------------------------------------------
if [[ -z "$jhome" ]]; then
  if [[ -f "$here/../jre/include/jni.h" ]]; then jhome="$here/../jre"
  elif [[ -n "${JAVA_HOME:-}" ]]; then jhome="$JAVA_HOME"
  elif command -v java >/dev/null; then jhome="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  else bad "no Java runtime found for jni.h: pass --java-home"; fi
fi
[[ -f "$jhome/include/jni.h" && -f "$jhome/include/linux/jni_md.h" ]] \
  || bad "'$jhome' has no include/jni.h and include/linux/jni_md.h"

# --- libtorch ------------------------------------------------------------------------------
torch_cuda=""
if [[ -n "$py" ]]; then
  command -v "$py" >/dev/null || bad "--python: '$py' not found"
  info="$("$py" - <<'EOF'
import os, sys
try:
    import torch
except Exception as e:
    print("error=" + repr(e)); sys.exit(0)
d = os.path.dirname(torch.__file__)
print("version=" + torch.__version__)
print("dir=" + d)
print("abi=" + str(int(torch._C._GLIBCXX_USE_CXX11_ABI)))
print("cuda=" + (torch.version.cuda or ""))
EOF
)" || bad "--python: '$py' failed to run"
  if grep -q '^error=' <<<"$info"; then bad "--python: '$py' cannot import torch: $(sed -n 's/^error=//p' <<<"$info")"; fi
  tver="$(sed -n 's/^version=//p' <<<"$info")"
  tdir="$(sed -n 's/^dir=//p' <<<"$info")"
  [[ -n "$abi" ]] || abi="$(sed -n 's/^abi=//p' <<<"$info")"
  torch_cuda="$(sed -n 's/^cuda=//p' <<<"$info")"
  tinc="$tdir/include"
  tlib="$tdir/lib"
fi
[[ -d "$tinc" ]] || bad "libtorch include folder '$tinc' not found"
[[ -d "$tlib" ]] || bad "libtorch lib folder '$tlib' not found"
tinc="$(cd "$tinc" && pwd)"
tlib="$(cd "$tlib" && pwd)"
[[ -f "$tinc/torch/csrc/api/include/torch/torch.h" ]] || bad "'$tinc' has no torch/csrc/api/include/torch/torch.h (libtorch headers missing?)"
for l in libtorch.so libtorch_cpu.so libc10.so; do
  [[ -e "$tlib/$l" ]] || bad "'$tlib' has no $l"
done
if [[ -z "$tver" ]]; then
  vh="$tinc/torch/csrc/api/include/torch/version.h"
  [[ -f "$vh" ]] || bad "no --torch-version and no $vh"
  tver="$(awk '/define TORCH_VERSION_(MAJOR|MINOR|PATCH)/{v=v (v==""?"":".") $3} END{print v}' "$vh")"
fi
[[ "$tver" =~ ^([0-9]+\.[0-9]+\.[0-9]+) ]] || bad "libtorch version '$tver' does not start with x.y.z"
tver="${BASH_REMATCH[1]}"   # 2.11.0+cu130 -> 2.11.0, 1.13.0a0 -> 1.13.0
if [[ -z "$abi" ]]; then
  if nm -D --defined-only "$tlib/libc10.so" | grep -q '__cxx11'; then abi=1; else abi=0; fi
fi

# --- flags ---------------------------------------------------------------------------------
defines=()
case "$tver" in
  1.13.*|2.0.*|2.1.*) defines+=(-DV1_13_X) ;;   # as DJL's own build.sh does for these versions
esac
cuda_inc=()
if [[ $cuda == 1 ]]; then
  ch="${CUDA_HOME:-${CUDA_PATH:-}}"
  if [[ -z "$ch" ]] && command -v nvcc >/dev/null; then ch="$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")"; fi
  [[ -n "$ch" && -f "$ch/include/cuda_runtime_api.h" ]] || bad "--cuda: no CUDA headers (set CUDA_HOME)"
  defines+=(-DUSE_CUDA)
  cuda_inc=(-I"$ch/include")
fi
std=c++17
if grep -qs '__cplusplus < 202002L' "$tinc/ATen/ATen.h" "$tinc/torch/all.h" "$tinc/torch/csrc/api/include/torch/all.h" \
     "$tinc/c10/macros/Macros.h"; then
  std=c++20   # libtorch headers that refuse C++17 (PyTorch 2.14 on)
fi
cxxflags=(-std="$std" -O2 -fPIC -DNDEBUG -D_GLIBCXX_USE_CXX11_ABI="$abi" "${defines[@]}"
  -Wno-deprecated-declarations
  -I"$out/work/include" -I"$jhome/include" -I"$jhome/include/linux" -I"$djl/api/src/main/native"
  -I"$tinc" -I"$tinc/torch/csrc/api/include" "${cuda_inc[@]}")
libs=(-ltorch -ltorch_cpu -lc10)
[[ $cuda == 1 ]] && libs+=(-ltorch_cuda -lc10_cuda)

# --- build key: what makes two builds the same ---------------------------------------------
patcher="$here/patch-djl-jni.py"
[[ $patch == 0 || -f "$patcher" ]] || bad "patch script $patcher missing"
src_hash="$(cd "$djl" && find engines/pytorch/pytorch-native/src/main/native api/src/main/native include -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
patch_hash="none"; [[ $patch == 1 ]] && patch_hash="$(sha256sum "$patcher" | cut -c1-16)"
lib_id="$(stat -L -c '%s' "$tlib/libtorch_cpu.so")"
cxx_version="$("$cxx" --version | head -1)"
key="djl=0.33.0 torch=$tver abi=$abi std=$std cuda=$cuda defines=${defines[*]:-none} sources=$src_hash patches=$patch_hash libtorch_cpu_bytes=$lib_id torch_lib=$tlib cxx=$cxx_version"
jni_name="0.33.0-libdjl_torch.so"

echo "build-jni: libtorch $tver (C++ ABI $abi${torch_cuda:+, CUDA $torch_cuda}) include $tinc, lib $tlib"
echo "build-jni: $cxx_version, -std=$std ${defines[*]:-}, jni.h from $jhome, DJL sources $djl, $jobs jobs"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [[ -n "$reuse" && -f "$reuse/build-key.txt" && -f "$reuse/$jni_name" ]]; then
  if [[ "$(cat "$reuse/build-key.txt")" == "$key" ]]; then
    if [[ "$(cd "$reuse" && pwd)" != "$out" ]]; then
      cp "$reuse/$jni_name" "$reuse/build-key.txt" "$out/"
      [[ -f "$reuse/build-info.txt" ]] && cp "$reuse/build-info.txt" "$out/"
    fi
    echo "build-jni: reused $reuse/$jni_name (same build key); nothing compiled"
    echo "build-jni: OK $out/$jni_name"
    exit 0
  fi
  echo "build-jni: $reuse holds a build with another key; building anew"
fi

# --- sources, patches ----------------------------------------------------------------------
work="$out/work"
rm -rf "$work" "$out/$jni_name" "$out/build-key.txt" "$out/build-info.txt"
mkdir -p "$work/src" "$work/obj" "$work/logs" "$work/include"
cp "$native"/*.cc "$native"/*.h "$work/src/"
cp "$header" "$work/include/"
patches="none (--no-patch)"
if [[ $patch == 1 ]]; then
  command -v python3 >/dev/null || bad "python3 is needed to apply the patches (or --no-patch)"
  python3 "$patcher" "$work/src" --torch-include "$tinc" | tee "$work/logs/patches.txt" || fail "patching DJL's sources"
  patches="$(sed 's/^patch-djl-jni: //' "$work/logs/patches.txt" | paste -sd ';' -)"
fi

# --- compile (in parallel) -----------------------------------------------------------------
compile() {
  local src="$1" name
  name="$(basename "$src" .cc)"
  if "$cxx" "${cxxflags[@]}" -c "$src" -o "$work/obj/$name.o" >"$work/logs/$name.log" 2>&1; then
    echo "build-jni:   compiled $name"
  else
    echo "build-jni:   FAILED $name (log $work/logs/$name.log)"
    return 1
  fi
}
export -f compile
export cxx work
cxxflags_str="$(printf '%q ' "${cxxflags[@]}")"
export cxxflags_str
t0=$SECONDS
n_src=$(ls "$work/src"/*.cc | wc -l)
echo "build-jni: compiling $n_src files ..."
set +e
ls "$work/src"/*.cc | xargs -P "$jobs" -I{} bash -c 'eval "cxxflags=($cxxflags_str)"; compile "$1"' _ {}
rc=$?
set -e
if [[ $rc != 0 ]]; then
  for log in "$work"/logs/*.log; do
    if grep -q 'error' "$log"; then
      echo "----- $(basename "$log" .log): first errors -----" >&2
      grep -m 12 -A2 'error' "$log" >&2 || true
    fi
  done
  fail "compilation (patches: $patches); logs in $work/logs"
fi
echo "build-jni: compiled in $((SECONDS - t0)) s"

# --- link, check ---------------------------------------------------------------------------
"$cxx" -shared -o "$out/$jni_name" "$work"/obj/*.o -L"$tlib" -Wl,-rpath-link,"$tlib" -Wl,--no-undefined -Wl,--no-as-needed \
  "${libs[@]}" -Wl,-rpath,'$ORIGIN' >"$work/logs/link.log" 2>&1 \
  || { grep -m 20 'undefined\|error' "$work/logs/link.log" >&2 || true; fail "linking (log $work/logs/link.log)"; }
declared=$(grep -c '^JNIEXPORT' "$header")
exported=$(nm -D --defined-only "$out/$jni_name" | grep -c ' T Java_ai_djl_pytorch_jni_PyTorchLibrary_' || true)
[[ "$exported" == "$declared" ]] || fail "$exported JNI functions exported, the header declares $declared"

echo "$key" > "$out/build-key.txt"
{
  echo "library: $jni_name ($(stat -c %s "$out/$jni_name") bytes, sha256 $(sha256sum "$out/$jni_name" | cut -c1-16))"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n), $((SECONDS - start_s)) s with $jobs jobs"
  echo "libtorch: $tver, C++ ABI $abi${torch_cuda:+, CUDA $torch_cuda}, include $tinc, lib $tlib"
  echo "compiler: $cxx_version, -std=$std ${defines[*]:-} $( [[ $cuda == 1 ]] && echo USE_CUDA)"
  echo "DJL sources: $djl ($(head -2 "$djl/SOURCE.txt" 2>/dev/null | paste -sd ' ' -))"
  echo "patches: $patches"
  echo "JNI functions exported: $exported of $declared"
  echo "needed: $(readelf -d "$out/$jni_name" 2>/dev/null | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | paste -sd ' ' -)"
} > "$out/build-info.txt"
sed 's/^/build-jni: /' "$out/build-info.txt"
echo "build-jni: OK $out/$jni_name"
