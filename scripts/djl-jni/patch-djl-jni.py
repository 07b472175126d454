#!/usr/bin/env python3
"""fdc's patches to a copy of DJL v0.33.0's PyTorch JNI sources (docs/GPU.md, "What is patched").

    patch-djl-jni.py NATIVE_SRC_DIR --torch-include DIR

NATIVE_SRC_DIR is a copy of engines/pytorch/pytorch-native/src/main/native; it is changed in place.
Every replacement must match exactly where expected, or the script stops with exit 1 naming the
file and the text it did not find (so a DJL source other than v0.33.0 is refused, not half-patched).
Prints one line per applied patch. Exit 2 on bad arguments.

1. system.cc: the legacy autograd profiler goes. torchStartProfile/torchStopProfile throw an
   EngineException instead; the event writer copied from profiler_legacy.cpp, its CodeTemplate and
   the `using namespace torch::autograd::profiler` go with them. The legacy profiler API
   (enableProfilerLegacy, LegacyEvent, ProfilerState::CUDA) is what newer libtorch releases change
   first, and fdc never profiles through DJL.
2. tensor.cc: `torch::AutoNonVariableTypeMode` (deprecated since 1.10) becomes
   `at::AutoDispatchBelowAutograd`, the guard that excludes the same dispatch keys
   (c10::autograd_dispatch_keyset), present from libtorch 1.9 on.
3. every file, only where the headers make c10::optional an alias of std::optional (libtorch >= 2.x):
   c10::optional / c10::nullopt / c10::make_optional are spelt std::..., the same types, so the
   build does not depend on the aliases surviving. Skipped for libtorch 1.13, whose c10::optional
   is its own class.
"""
import argparse
import os
import sys

SYSTEM = "ai_djl_pytorch_jni_PyTorchLibrary_system.cc"
TENSOR = "ai_djl_pytorch_jni_PyTorchLibrary_tensor.cc"

PROFILER_STUBS = """JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStartProfile(
    JNIEnv* env, jobject jthis, jboolean juse_cuda, jboolean jrecord_shape, jboolean jprofile_memory) {
  // fdc: built without libtorch's legacy profiler (scripts/djl-jni/patch-djl-jni.py)
  env->ThrowNew(ENGINE_EXCEPTION_CLASS, "this DJL JNI build (fdc) has no profiler");
}

JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStopProfile(
    JNIEnv* env, jobject jthis, jstring joutput_file) {
  env->ThrowNew(ENGINE_EXCEPTION_CLASS, "this DJL JNI build (fdc) has no profiler");
}

"""


class PatchError(Exception):
    pass


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def replace_once(text, old, new, where):
    n = text.count(old)
    if n != 1:
        raise PatchError(f"{where}: expected exactly one occurrence of {old[:70]!r}..., found {n}")
    return text.replace(old, new)


def cut(text, start, end, new, where):
    """Replaces text[start marker, end marker) (end marker kept unless it is part of the cut)."""
    if text.count(start) != 1 or text.count(end) != 1:
        raise PatchError(f"{where}: markers {start[:60]!r} / {end[:60]!r} not found exactly once")
    i = text.index(start)
    j = text.index(end)
    if j < i:
        raise PatchError(f"{where}: marker {end[:60]!r} comes before {start[:60]!r}")
    return text[:i] + new + text[j:]


def patch_profiler(src):
    path = os.path.join(src, SYSTEM)
    s = read(path)
    s = replace_once(
        s,
        "#ifdef V1_10_X\n    #include <torch/csrc/jit/frontend/code_template.h>\n#else\n"
        "    #include <ATen/code_template.h>\n#endif\n",
        "",
        SYSTEM,
    )
    s = replace_once(s, "using namespace torch::autograd::profiler;\n", "", SYSTEM)
    s = cut(
        s,
        "// the code snippet is copied from torch/csrc/autograd/profiler_legacy.cpp",
        "JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchCudaEmptyCache(",
        PROFILER_STUBS,
        SYSTEM,
    )
    for gone in ("LegacyEvent", "enableProfilerLegacy", "disableProfilerLegacy", "CodeTemplate"):
        if gone in s:
            raise PatchError(f"{SYSTEM}: '{gone}' still referenced after the profiler patch")
    write(path, s)
    return "system.cc: legacy profiler removed (torchStartProfile/torchStopProfile throw EngineException)"


def patch_guard(src):
    path = os.path.join(src, TENSOR)
    s = read(path)
    s = replace_once(
        s,
        "  torch::AutoNonVariableTypeMode guard;\n",
        "  at::AutoDispatchBelowAutograd guard;  // fdc: was torch::AutoNonVariableTypeMode (same keys)\n",
        TENSOR,
    )
    write(path, s)
    return "tensor.cc: torch::AutoNonVariableTypeMode -> at::AutoDispatchBelowAutograd (torchSet)"


def optional_is_std(torch_include):
    header = os.path.join(torch_include, "c10", "util", "Optional.h")
    if not os.path.exists(header):
        return True  # the alias header is gone: only std::optional is left
    text = read(header)
    return "using std::optional;" in text and "class optional" not in text


def patch_optional(src, torch_include):
    if not optional_is_std(torch_include):
        return "c10::optional kept (this libtorch's c10::optional is its own class)"
    total = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith((".cc", ".h")):
            continue
        path = os.path.join(src, name)
        s = read(path)
        n = 0
        for old, new in (("c10::nullopt", "std::nullopt"), ("c10::optional<", "std::optional<"),
                         ("c10::make_optional(", "std::make_optional(")):
            n += s.count(old)
            s = s.replace(old, new)
        if n:
            write(path, s)
            total += n
    if total == 0:
        raise PatchError("no c10::optional/nullopt/make_optional found: not DJL v0.33.0's sources?")
    return f"c10::optional/nullopt/make_optional -> std:: ({total} places; aliases of the same types here)"


def main():
    ap = argparse.ArgumentParser(description="fdc's patches to DJL v0.33.0's JNI sources")
    ap.add_argument("src", help="a copy of engines/pytorch/pytorch-native/src/main/native (changed in place)")
    ap.add_argument("--torch-include", required=True, help="libtorch's include folder (holds c10/, ATen/, torch/)")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.src, SYSTEM)):
        print(f"patch-djl-jni: {a.src} has no {SYSTEM}", file=sys.stderr)
        sys.exit(2)
    if not os.path.isdir(os.path.join(a.torch_include, "c10")):
        print(f"patch-djl-jni: {a.torch_include} has no c10/ (not libtorch's include folder)", file=sys.stderr)
        sys.exit(2)
    try:
        for line in (patch_profiler(a.src), patch_guard(a.src), patch_optional(a.src, a.torch_include)):
            print("patch-djl-jni: " + line)
    except PatchError as e:
        print(f"patch-djl-jni: FAILED: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
