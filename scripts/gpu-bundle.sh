#!/usr/bin/env bash
# Makes the GPU bundle (docs/GPU.md): everything scripts/gpu-check.sh needs on a machine that has
# a PyTorch but no JDK and no network, in one git-ignored folder to carry there:
#
#   jre/    a jlink'd Java runtime (the modules jdeps finds, include/jni.h kept for the JNI build)
#   lib/    fdc's jars and their runtime dependencies, without pytorch-native-* and pytorch-jni
#           (DJL must load the machine's libtorch and our JNI) and without the jars the check never
#           loads (Pekko and Scala, plots), to stay under the size limit
#   test/   the engine tests (fdc-gpu tests jar, fdc-workers test classes) and JUnit's console launcher
#   djl/    DJL v0.33.0's JNI sources and generated header (scripts/djl-sources.sh)
#   bin/    build-jni.sh + patch-djl-jni.py (the JNI build), fdc, fdc-test, engine-check launchers
#   MANIFEST.txt
#
#   scripts/gpu-bundle.sh [--out DIR] [--djl-git DIR] [--no-build] [--all-jars] [--max-mib N]
#
#   --out DIR      the bundle folder (default: build/gpu-bundle)
#   --djl-git DIR  DJL git repository for scripts/djl-sources.sh (default there: $DJL_GIT or the mirror)
#   --no-build     use the jars already built (default: ./mvnw -q package -DskipTests first;
#                  FDC_MVN_FLAGS adds flags, e.g. -o)
#   --all-jars     keep the jars only fdc train / fdc worker load (Pekko, Scala, plots): the
#                  bundle then runs whole training runs too, but is larger than 60 MiB
#   --max-mib N    fail when the bundle is larger (default 60; 0: no limit)
#
# Needs a JDK 17+ (jlink, jdeps, jar, javac) on PATH or in JAVA_HOME, git, python3. Exit 2 on bad
# input, 1 when a step fails. The checkout's own build is left as it is (default profile).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/build/gpu-bundle"
djl_git=""
build=1
all_jars=0
max_mib=60

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "gpu-bundle: $*" >&2; echo "(scripts/gpu-bundle.sh --help for usage)" >&2; exit 2; }
fail() { echo "gpu-bundle: FAILED: $*" >&2; exit 1; }
step() { echo "gpu-bundle: $*"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || bad "--out needs a folder"; out="$2"; shift 2 ;;
    --djl-git) [[ $# -ge 2 ]] || bad "--djl-git needs a folder"; djl_git="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --all-jars) all_jars=1; shift ;;
    --max-mib) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || bad "--max-mib needs a number of MiB"; max_mib="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done

jdk_bin=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jlink" ]]; then jdk_bin="$JAVA_HOME/bin"
elif command -v jlink >/dev/null; then jdk_bin="$(dirname "$(readlink -f "$(command -v jlink)")")"
else bad "no JDK with jlink found (set JAVA_HOME)"; fi
for t in java jlink jdeps jar javac; do [[ -x "$jdk_bin/$t" ]] || bad "$jdk_bin/$t missing (a full JDK 17+ is needed)"; done
jv="$("$jdk_bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "$jv" =~ ^[0-9]+$ && "$jv" -ge 17 ]] || bad "the JDK in $jdk_bin is Java '$jv'; 17 or newer is needed"
command -v python3 >/dev/null || bad "python3 not found"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
[[ "$out" != "/" && "$out" != "$root" ]] || bad "--out must be a folder of its own"

t_start=$SECONDS
cd "$root"

# 1. fdc's jars ------------------------------------------------------------------------------
if [[ $build == 1 ]]; then
  step "building fdc (./mvnw -q package -DskipTests ${FDC_MVN_FLAGS:-}) ..."
  # shellcheck disable=SC2086
  ./mvnw -q ${FDC_MVN_FLAGS:-} package -DskipTests || fail "the Maven build"
fi
cpfile="cli/target/classpath.txt"
[[ -f "$cpfile" ]] || fail "$cpfile missing: build fdc first (or drop --no-build)"
cli_jar="$(ls cli/target/fdc-cli-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1)"
gpu_tests="$(ls gpu/target/fdc-gpu-*-tests.jar 2>/dev/null | head -1)"
[[ -n "$cli_jar" && -n "$gpu_tests" && -d workers/target/test-classes ]] \
  || fail "fdc-cli jar, fdc-gpu tests jar or workers/target/test-classes missing: build fdc first"

# Jars left out, by artifact file name (with the reason):
#  pytorch-native-*, pytorch-jni: the libtorch 2.5.1 and its JNI, replaced by the machine's own
#  xchart, pdfbox*, fontbox, graphics2d, VectorGraphics2D, animated-gif-lib, commons-logging: plots
#  lmdbjava, jnr-*, jffi-*, asm*: Pekko distributed-data's durable (LMDB) store
#  agrona: Aeron, for Artery's aeron-udp transport (fdc uses TCP)
#  pekko-*, scala-library, ssl-config-core, reactive-streams, asn-one: the actors (fdc train, worker);
#    the check runs the engine (tests, fdc bench), which loads none of them (--all-jars keeps them)
exclude='^(pytorch-native-.*|pytorch-jni-.*|xchart-.*|pdfbox-.*|fontbox-.*|graphics2d-.*|VectorGraphics2D-.*|animated-gif-lib-.*|commons-logging-.*|lmdbjava-.*|jnr-.*|jffi-.*|asm-.*|agrona-.*'
if [[ $all_jars == 0 ]]; then
  exclude+='|pekko-.*|scala-library-.*|ssl-config-core_.*|reactive-streams-.*|asn-one-.*'
fi
exclude+=')\.jar$'

rm -rf "$out"
mkdir -p "$out/lib" "$out/test" "$out/bin"
step "lib/: runtime jars of $cpfile less pytorch-native, pytorch-jni and the unused heavy ones"
n_lib=0; left_out=()
while IFS= read -r jar; do
  [[ -n "$jar" ]] || continue
  [[ -f "$jar" ]] || fail "classpath entry $jar is not a file (build with package, not compile)"
  name="$(basename "$jar")"
  if [[ "$name" =~ $exclude ]]; then left_out+=("$name"); continue; fi
  cp "$jar" "$out/lib/"
  n_lib=$((n_lib + 1))
done < <(tr ':' '\n' < "$cpfile")
cp "$cli_jar" "$out/lib/"
n_lib=$((n_lib + 1))
if ls "$out/lib" | grep -q 'pytorch-native\|pytorch-jni'; then fail "a libtorch or JNI jar slipped into lib/"; fi

# 2. tests + JUnit console launcher ------------------------------------------------------------
step "test/: engine tests and JUnit's console launcher"
cp "$gpu_tests" "$out/test/fdc-gpu-tests.jar"
"$jdk_bin/jar" cf "$out/test/fdc-workers-tests.jar" -C workers/target/test-classes .
junit="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)"
case "$junit" in
  5.*) platform="1.${junit#5.}" ;;
  *) platform="$junit" ;;
esac
# from Maven Central the first time (not -o: a released artifact cached once is not fetched again)
./mvnw -q -N dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
  -DoutputDirectory="$out/test" || fail "fetching junit-platform-console-standalone $platform"

# 3. DJL sources ----------------------------------------------------------------------------
step "djl/: DJL v0.33.0 JNI sources"
djl_args=(--out "$out/djl")
[[ -n "$djl_git" ]] && djl_args+=(--git "$djl_git")
PATH="$jdk_bin:$PATH" "$here/djl-sources.sh" "${djl_args[@]}" | sed 's/^/  /'
rm -rf "$out/djl/engines/pytorch/pytorch-engine"   # PyTorchLibrary.java: its header is generated

# 4. the Java runtime -------------------------------------------------------------------------
step "jre/: modules used by the jars (jdeps) ..."
declare -A mods=([java.base]=1)
tmpd="$(mktemp -d)"
trap 'rm -rf "$tmpd"' EXIT
for jar in "$out"/lib/*.jar "$out"/test/*.jar; do
  if r="$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps -q "$jar" 2>/dev/null)"; then
    :
  else
    # an explicit module whose optional requires are absent: analyse its classes without module-info
    d="$tmpd/$(basename "$jar")"
    mkdir -p "$d" && (cd "$d" && "$jdk_bin/jar" xf "$jar")
    find "$d" -name module-info.class -delete
    r="$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps -q "$d" 2>/dev/null)" \
      || fail "jdeps cannot analyse $(basename "$jar")"
  fi
  for m in ${r//,/ }; do mods[$m]=1; done
done
# Left out unless --all-jars: java.desktop and java.compiler, referenced only by code the check never
# runs (DJL's image classes, JNA's AWT helpers, Typesafe Config's bean factory, Kryo's AWT
# serializers, annotation processing); the CPU rehearsal runs the check on this runtime, and
# a class-load log of it shows no class of theirs loaded (docs/GPU.md).
dropped=""
if [[ $all_jars == 0 ]]; then
  for m in java.desktop java.compiler; do
    if [[ -n "${mods[$m]:-}" ]]; then unset "mods[$m]"; dropped+="$m "; fi
  done
fi
modules="$(printf '%s\n' "${!mods[@]}" | sort | paste -sd, -)"
step "  modules: $modules${dropped:+ (left out: $dropped)}"
"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --compress=2 --output "$out/jre" \
  || fail "jlink"
[[ -f "$out/jre/include/jni.h" && -f "$out/jre/include/linux/jni_md.h" ]] || fail "the runtime lost include/jni.h"
if command -v strip >/dev/null; then
  strip --strip-unneeded "$out/jre/lib/server/libjvm.so" || fail "strip libjvm.so"
fi

# 5. scripts and launchers --------------------------------------------------------------------
step "bin/: JNI build script and launchers"
cp "$here/djl-jni/build-jni.sh" "$here/djl-jni/patch-djl-jni.py" "$out/bin/"
cat > "$out/bin/fdc" <<'EOF'
#!/usr/bin/env bash
# fdc from the GPU bundle: the bundle's Java runtime and jars (JVM options: FDC_JAVA_OPTS).
set -euo pipefail
b="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# shellcheck disable=SC2086
exec "$b/jre/bin/java" ${FDC_JAVA_OPTS:-} -Djava.awt.headless=true -cp "$b/lib/*" dev.fdc.cli.Fdc "$@"
EOF
cat > "$out/bin/fdc-test" <<'EOF'
#!/usr/bin/env bash
# JUnit's console launcher over the bundle's engine tests, e.g.
#   fdc-test --select-class dev.fdc.gpu.model.VectorJacobianProductTest --reports-dir DIR
# JVM options: FDC_JAVA_OPTS (e.g. -Dfdc.device=gpu).
set -euo pipefail
b="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# shellcheck disable=SC2086
exec "$b/jre/bin/java" -Xmx3g -XX:+UseParallelGC ${FDC_JAVA_OPTS:-} -cp "$b/lib/*:$b/test/*" \
  org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=tree "$@"
EOF
cat > "$out/bin/engine-check" <<'EOF'
#!/usr/bin/env bash
# Starts DJL with fdc's settings, prints which libtorch, JNI and devices it really runs on, and
# exits 1 when fdc.device / fdc.libtorch.require / fdc.jni.require (FDC_JAVA_OPTS) are not met.
set -euo pipefail
b="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2086
exec "$b/jre/bin/java" ${FDC_JAVA_OPTS:-} -cp "$b/lib/*" dev.fdc.gpu.NativeLibraries "$@"
EOF
chmod +x "$out"/bin/*

# 6. smoke test: the CLI model loads from these jars alone ------------------------------------
"$out/bin/fdc" --help >/dev/null 2>"$tmpd/help.err" || { cat "$tmpd/help.err" >&2; fail "bundle's fdc --help"; }
"$out/bin/fdc" bench --help >/dev/null 2>"$tmpd/help.err" || { cat "$tmpd/help.err" >&2; fail "bundle's fdc bench --help"; }

# 7. manifest, size ---------------------------------------------------------------------------
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | head -1)"
{
  echo "fdc GPU bundle, made $(date -u +%Y-%m-%dT%H:%M:%SZ) from fdc $commit${dirty:+ (with uncommitted changes)}"
  echo "java runtime: $("$out/jre/bin/java" -version 2>&1 | head -1), modules $modules"
  echo "jars in lib/ ($n_lib): $(ls "$out/lib" | paste -sd' ' -)"
  echo "left out: ${left_out[*]}"
  echo "test/: $(ls "$out/test" | paste -sd' ' -)"
  echo "djl/: $(head -2 "$out/djl/SOURCE.txt" | paste -sd' ' -)"
  echo "sizes (KiB): $(du -sk "$out"/* | awk '{printf "%s %s; ", $2, $1}' | sed "s|$out/||g")"
} > "$out/MANIFEST.txt"
bytes="$(du -sb "$out" | cut -f1)"
mib="$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}')"
cat "$out/MANIFEST.txt" | sed 's/^/  /'
step "bundle $out: $mib MiB ($bytes bytes), made in $((SECONDS - t_start)) s"
if (( max_mib > 0 && bytes > max_mib * 1048576 )); then fail "the bundle is $mib MiB, over the $max_mib MiB limit"; fi
step "OK (carry it as '${out#$root/}')"
