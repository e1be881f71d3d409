#!/usr/bin/env bash
# Assembles the GPU kit: everything a GPU machine with no JDK and no network needs to run
# backend-cuda's checks, as one folder under 60 MiB holding gpu-kit.txz and run-kit.sh (which
# unpacks the archive into a temporary folder and runs its run.sh). The archive is xz-compressed
# (gzip where this machine has no xz) and holds:
#   jre/       a jlink'd Java runtime (java.base, jdk.incubator.vector and the modules the jars use),
#              its module image left uncompressed so that xz compresses it better (73 MB -> ~18)
#   lib/       Gradgraph's jars and their runtime dependencies (JCuda's natives slimmed to the driver
#              and runtime bindings; the bundled Graphviz engine left out: the kit draws nothing)
#   test-lib/  the parity suite (backend-cuda's and graph-ops' test classes) and the JUnit console
#   data/      Fashion-MNIST as raw IDX files when this machine has it (GRADGRAPH_FASHION_MNIST, else
#              /usr/share/datasets/fashion-mnist) and the kit stays under 60 MiB with it: raw IDX
#              compresses to 26.5 MB under xz against the 30.9 MB of the .gz files
#   run.sh     the checks: see backend-cuda/kit/run.sh
# On the GPU machine: bash gpu-kit/run-kit.sh (reports go to $OUT, else ./gpu-kit-out).
#
# usage: backend-cuda/kit/assemble.sh [--no-build] [OUTDIR]   (default OUTDIR: ./gpu-kit, ignored by git)
# --no-build uses the jars already built (as the test in verify does); otherwise the script builds
# graph-core, graph-ops, graph-viz, backend-cuda and models first (tests compiled, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
OUT="${1:-$ROOT/gpu-kit}"
LIMIT_MIB=60
JUNIT_CONSOLE="org.junit.platform:junit-platform-console-standalone:${GRADGRAPH_JUNIT_PLATFORM:-1.14.1}"

say() { echo "gpu-kit: $*" >&2; }
die() { say "$*"; exit 1; }

# the newest JDK with jlink: its runtime is what runs on the GPU machine (25 where installed)
pick_jdk() {
  local best="" bestv=0 c v
  for c in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$c/bin/jlink" ] || continue
    v=$("$c/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$v" ] && [ "$v" -ge 17 ] && [ "$v" -gt "$bestv" ]; then best="$c"; bestv="$v"; fi
  done
  [ -n "$best" ] || die "no JDK 17+ with jlink found (JAVA_HOME or /usr/lib/jvm/*)"
  echo "$best $bestv"
}
read -r JDK JDKV < <(pick_jdk)

cd "$ROOT"
if [ "$build" = 1 ]; then
  say "building (tests compiled, not run)"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl models,backend-cuda -am >&2
fi
CPFILE="$ROOT/models/target/classpath.txt"
[ -f "$CPFILE" ] || die "models/target/classpath.txt is missing: build first (drop --no-build)"
MODELS_JAR=$(ls "$ROOT"/models/target/models-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1)
OPS_TESTS=$(ls "$ROOT"/graph-ops/target/graph-ops-*-tests.jar 2>/dev/null | head -1)
[ -n "$MODELS_JAR" ] || die "models' jar is missing: build first"
[ -n "$OPS_TESTS" ] || die "graph-ops' test jar is missing: build first"
[ -d "$ROOT/backend-cuda/target/test-classes/gradgraph/cuda/parity" ] || die "backend-cuda's test classes are missing: build first"

tmp="$OUT.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp/lib" "$tmp/test-lib"
trap 'rm -rf "$tmp"' EXIT

# ---- jars
IFS=':' read -r -a deps < "$CPFILE" || true # no newline at its end
for j in "$MODELS_JAR" "${deps[@]}"; do
  case "$(basename "$j")" in
    j2v8_*|viz.js-*|nashorn-promise-*) continue ;; # the bundled Graphviz engine: not used here
    jcuda-natives-*)
      # only the driver and runtime bindings: JNvPTXCompiler (24 MB) and JNvrtc are never loaded
      n="$tmp/natives"; mkdir -p "$n"
      (cd "$n" && "$JDK/bin/jar" xf "$j" && rm -f lib/libJNvPTXCompiler-*.so lib/libJNvrtc-*.so)
      ls "$n"/lib/libJCudaDriver-*.so >/dev/null 2>&1 || die "$(basename "$j") holds no libJCudaDriver"
      "$JDK/bin/jar" cf "$tmp/lib/$(basename "$j")" -C "$n" .
      rm -rf "$n" ;;
    *) cp "$j" "$tmp/lib/" ;;
  esac
done
# the backend's classes, not the jar of an older build: whichever is newer is what was just built
"$JDK/bin/jar" cf "$tmp/test-lib/backend-cuda-tests.jar" -C "$ROOT/backend-cuda/target/test-classes" .
cp "$OPS_TESTS" "$tmp/test-lib/"
console="${GRADGRAPH_JUNIT_CONSOLE_JAR:-}"
[ -n "$console" ] || console=$(ls ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/*/junit-platform-console-standalone-*.jar 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$console" ]; then
  say "fetching $JUNIT_CONSOLE"
  ./mvnw -B -q dependency:copy -Dartifact="$JUNIT_CONSOLE" -DoutputDirectory="$tmp/test-lib" >&2 \
    || die "could not fetch $JUNIT_CONSOLE from Maven Central"
else
  cp "$console" "$tmp/test-lib/"
fi

# ---- runtime
# no java.desktop (14 MB): the kit draws no figures; train writes its curves as CSV without it
MODULES=java.base,java.logging,java.management,java.net.http,java.scripting,java.xml,jdk.incubator.vector,jdk.unsupported
if [ "$JDKV" -ge 21 ]; then COMPRESS=--compress=zip-0; else COMPRESS=--compress=0; fi
say "jlink from JDK $JDKV ($JDK): $MODULES"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  "$COMPRESS" --output "$tmp/jre" >&2

# ---- the command and the data
cp "$ROOT/backend-cuda/kit/run.sh" "$tmp/run.sh"
chmod +x "$tmp/run.sh"
pack="$OUT.pack.$$"
rm -rf "$pack"
mkdir -p "$pack"
trap 'rm -rf "$tmp" "$pack"' EXIT
if command -v xz >/dev/null 2>&1; then ARCHIVE=gpu-kit.txz; else ARCHIVE=gpu-kit.tgz; fi
mib() { echo $(( ($(stat -c %s "$1") + 1048575) / 1048576 )); }
archive() { # the kit's files as one compressed tar, folder gpu-kit/ inside
  rm -f "$pack/$ARCHIVE"
  if [ "$ARCHIVE" = gpu-kit.txz ]; then
    tar -C "$tmp/.." -cf - --transform "s|^$(basename "$tmp")|gpu-kit|" "$(basename "$tmp")" \
      | xz -9 -T0 > "$pack/$ARCHIVE"
  else
    tar -C "$tmp/.." -czf "$pack/$ARCHIVE" --transform "s|^$(basename "$tmp")|gpu-kit|" "$(basename "$tmp")"
  fi
}
FM="${GRADGRAPH_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
write_note() {
  {
    echo "assembled $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "runtime: JDK $JDKV ($("$tmp/jre/bin/java" -version 2>&1 | head -1)), modules $MODULES"
    echo "data: $1"
  } > "$tmp/KIT.txt"
}
fits() { [ $(( ($(stat -c %s "$pack/$ARCHIVE") + 4096 + 1048575) / 1048576 )) -lt "$LIMIT_MIB" ]; }
data="the bundled sample"
if [ -f "$FM/train-images-idx3-ubyte.gz" ] || [ -f "$FM/train-images-idx3-ubyte" ]; then
  mkdir -p "$tmp/data"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$FM/$f" ]; then cp "$FM/$f" "$tmp/data/"; else gzip -dc "$FM/$f.gz" > "$tmp/data/$f"; fi
  done
  write_note "Fashion-MNIST (full, raw IDX)"
  archive
  if fits; then
    data="Fashion-MNIST (full, raw IDX)"
  else
    say "Fashion-MNIST left out: the kit would be $(mib "$pack/$ARCHIVE") MiB, over $LIMIT_MIB MiB; the epoch uses the bundled sample"
    rm -rf "$tmp/data"
  fi
fi
if [ "$data" = "the bundled sample" ]; then
  write_note "$data"
  archive
fi
cat > "$pack/run-kit.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks gpu-kit.txz (or .tgz) beside this script into a temporary folder and runs its run.sh.
# Without an xz binary, Python's lzma module unpacks it (the GPU machines have Python).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mktemp -d)"
if [ -f "$here/gpu-kit.tgz" ]; then
  tar -C "$dir" -xzf "$here/gpu-kit.tgz"
elif command -v xz >/dev/null 2>&1; then
  xz -dc "$here/gpu-kit.txz" | tar -C "$dir" -xf -
else
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' \
    "$here/gpu-kit.txz" "$dir"
fi
rc=0
bash "$dir/gpu-kit/run.sh" "$@" || rc=$?
rm -rf "$dir"
exit "$rc"
RUN
chmod +x "$pack/run-kit.sh"

total=$(( ($(cat "$pack/$ARCHIVE" "$pack/run-kit.sh" | wc -c) + 1048575) / 1048576 ))
[ "$total" -lt "$LIMIT_MIB" ] || die "the kit is $total MiB, over $LIMIT_MIB MiB (unpacked: $(du -sm "$tmp"/* | tr '\n' ' '))"
rm -rf "$OUT"
mv "$pack" "$OUT"
trap 'rm -rf "$tmp"' EXIT
say "wrote $OUT: $ARCHIVE $total MiB (unpacked: $(cd "$tmp" && du -sm jre lib test-lib data 2>/dev/null | awk '{printf "%s %s MiB, ", $2, $1}')data: $data) and run-kit.sh"
echo "$OUT"
