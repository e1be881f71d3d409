#!/usr/bin/env bash
# The GPU kit's one command (assembled by backend-cuda/kit/assemble.sh). On a machine with an
# NVIDIA GPU and driver, no JDK and no network, it runs in this order, each step with a time
# limit so the whole run stays well inside 8 minutes:
#   env.txt         the GPU, the driver and which CUDA libraries the loader sees
#   devices.txt     gradgraph devices: the device, its driver CUDA version and which GEMM runs
#   parity.txt      the CUDA parity suite (the whole op table, forward and gradients vs the CPU)
#   parity-ptx.txt  the suite's matrix-product cases again on Gradgraph's PTX GEMM
#   bench.txt       bench --device cuda: SGEMM, TwoLayerNet epoch, SimpleConvNet 100 and
#                   DeepConvNet 50 iterations, CPU and GPU in the same run
#   epoch.txt       one SimpleConvNet epoch on the GPU (Fashion-MNIST when the kit carries it,
#                   else the bundled sample) with its test accuracy
#   summary.txt     each step's exit code and seconds
# Reports go to $OUT (the device tool's folder), else ./gpu-kit-out. Without a usable GPU it
# writes env, devices, parity (its CPU self-check; the GPU cases skip) and summary, says so, and
# exits 0: the no-GPU run the tests check.
set -uo pipefail
KIT="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-$PWD/gpu-kit-out}"
mkdir -p "$OUT"
JAVA="$KIT/jre/bin/java"
FLAGS=(-Xss4m -XX:+UseParallelGC -Xmx24g --add-modules jdk.incubator.vector)
v=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ "${v:-0}" -ge 22 ]; then FLAGS+=(--enable-native-access=ALL-UNNAMED); fi
CP="$KIT/lib/*"
TCP="$KIT/lib/*:$KIT/test-lib/*"
THREADS="$(nproc 2>/dev/null || echo 1)"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
cat "$KIT/KIT.txt" >> "$SUMMARY" 2>/dev/null

# step NAME SECONDS COMMAND...: runs it into $OUT/NAME.txt and notes its exit code and time
step() {
  local name="$1" limit="$2" start rc
  shift 2
  start=$(date +%s)
  timeout "$limit" "$@" > "$OUT/$name.txt" 2>&1
  rc=$?
  [ "$rc" = 124 ] && echo "(stopped after $limit s)" >> "$OUT/$name.txt"
  echo "$name: exit $rc in $(( $(date +%s) - start )) s" | tee -a "$SUMMARY"
  return 0
}

# cuBLAS: JCuda 12.6's binding needs libcublas.so.12 (its symbols are versioned, so CUDA 13's
# libcublas.so.13 cannot stand in). Where the system has none, a PyTorch or CUDA 12 install often
# does (pip's nvidia-cublas-cu12); the loader is pointed at the first one found. Without any, the
# backend multiplies matrices with its own PTX GEMM, and devices.txt says so.
if ! ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.12 '; then
  cublas12=$(timeout 30 find /usr /opt "$HOME" -name 'libcublas.so.12' 2>/dev/null | head -1)
  if [ -n "$cublas12" ]; then export LD_LIBRARY_PATH="$(dirname "$cublas12")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
fi
{
  echo "host: $(uname -srm), $THREADS cores"
  echo "libcublas.so.12 for JCuda: ${cublas12:-$(ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.12 ' && echo system || echo none, the PTX GEMM runs)}"
  (nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "nvidia-smi: not found")
  echo "CUDA libraries the loader sees:"
  (ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libcublas\.so|libcudart\.so' || echo "  none")
} > "$OUT/env.txt" 2>&1

# junit [JVM OPTIONS...]: sets J to the command running the parity suite (timeout runs commands, not
# functions)
junit() {
  J=("$JAVA" "${FLAGS[@]}" "$@" -cp "$TCP" org.junit.platform.console.ConsoleLauncher execute
    --disable-banner --details=summary --disable-ansi-colors
    --select-class gradgraph.cuda.parity.CudaParityTest)
}
step devices 60 "$JAVA" "${FLAGS[@]}" -cp "$CP" gradgraph.models.cli.Main devices
if grep -q "^cuda: not available" "$OUT/devices.txt" || ! grep -q "^cuda: [1-9]" "$OUT/devices.txt"; then
  # the suite still runs its CPU self-check (and skips the GPU cases, saying why): the kit's test
  # classpath and runtime are proven on any machine
  junit && step parity 150 "${J[@]}"
  echo "no usable GPU: $(grep '^cuda' "$OUT/devices.txt" | head -1); GPU steps skipped" | tee -a "$SUMMARY"
  exit 0
fi
junit && step parity 150 "${J[@]}"
junit -Dgradgraph.cuda.gemm=ptx '-Dgradgraph.parity.only=(?i)matmul|linear|conv|dense'
step parity-ptx 90 "${J[@]}"
DATA=(--data random)
TRAIN_DATA=(--data sample)
if [ -d "$KIT/data" ]; then DATA=(--data fashion-mnist --data-dir "$KIT/data"); TRAIN_DATA=(--data-dir "$KIT/data"); fi
step bench 200 "$JAVA" "${FLAGS[@]}" -cp "$CP" gradgraph.models.cli.Main bench --device cuda \
  --threads "$THREADS" --runs 3 "${DATA[@]}"
work="$(mktemp -d)"
step epoch 120 "$JAVA" "${FLAGS[@]}" -cp "$CP" gradgraph.models.cli.Main train --model cnn \
  --epochs 1 --device cuda --optimizer adam --lr 0.001 "${TRAIN_DATA[@]}" --out "$work"
rm -rf "$work"
echo "reports in $OUT" | tee -a "$SUMMARY"
