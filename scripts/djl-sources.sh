#!/usr/bin/env bash
# Extracts the sources of DJL v0.33.0's PyTorch JNI library from a DJL git repository into a
# git-ignored folder, and generates its JNI header with javac. DJL's sources are never committed
# to fdc (docs/GPU.md): they are an input, like a libtorch.
#
#   scripts/djl-sources.sh [--git DJL_REPO] [--out DIR]
#
#   --git DIR   a clone (or bare mirror) of github.com/deepjavalibrary/djl holding the tag v0.33.0
#               (default: $DJL_GIT, else /work/.mirror/deepjavalibrary+djl/repo)
#   --out DIR   where the sources go (default: build/djl-0.33.0 in the checkout)
#
# Writes DIR/engines/pytorch/pytorch-native/{CMakeLists.txt,src/main/native}, DIR/api/src/main/native,
# DIR/include/ai_djl_pytorch_jni_PyTorchLibrary.h (from PyTorchLibrary.java), DIR/LICENSE, DIR/NOTICE
# and DIR/SOURCE.txt (the tag and its commit). Exit 2 on bad input, 1 when a step fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tag=v0.33.0
git_dir="${DJL_GIT:-/work/.mirror/deepjavalibrary+djl/repo}"
out="$root/build/djl-0.33.0"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "djl-sources: $*" >&2; echo "(scripts/djl-sources.sh --help for usage)" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --git) [[ $# -ge 2 ]] || bad "--git needs a folder"; git_dir="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || bad "--out needs a folder"; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done

command -v git >/dev/null || bad "git not found"
command -v javac >/dev/null || bad "javac not found (a JDK 17+ is needed to generate the JNI header)"
[[ -d "$git_dir" ]] || bad "no DJL repository at '$git_dir': clone https://github.com/deepjavalibrary/djl (tag $tag) and pass --git DIR or set DJL_GIT"
commit="$(git -C "$git_dir" rev-parse --verify --quiet "$tag^{commit}")" \
  || bad "'$git_dir' has no tag $tag (git -C '$git_dir' fetch --tags)"

echo "djl-sources: DJL $tag ($commit) from $git_dir -> $out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git -C "$git_dir" archive "$tag" \
  LICENSE NOTICE \
  engines/pytorch/pytorch-native/CMakeLists.txt \
  engines/pytorch/pytorch-native/src/main/native \
  engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java \
  api/src/main/native | tar -x -C "$tmp"

javac -h "$tmp/include" -d "$tmp/classes" \
  "$tmp/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
rm -rf "$tmp/classes"
header="$tmp/include/ai_djl_pytorch_jni_PyTorchLibrary.h"
[[ -f "$header" ]] || { echo "djl-sources: javac wrote no JNI header" >&2; exit 1; }
n_cc=$(find "$tmp/engines/pytorch/pytorch-native/src/main/native" -name '*.cc' | wc -l)
n_jni=$(grep -c '^JNIEXPORT' "$header")
printf 'DJL %s\ncommit %s\nfrom %s\nC++ files %s, JNI functions declared %s\n' \
  "$tag" "$commit" "$git_dir" "$n_cc" "$n_jni" > "$tmp/SOURCE.txt"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
trap - EXIT
chmod 755 "$out"
echo "djl-sources: $n_cc C++ files, $n_jni JNI functions in the generated header; $(du -sh "$out" | cut -f1) in $out"
