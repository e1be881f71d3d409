#!/usr/bin/env bash
# Compiles every src/main/cuda/*.cu to PTX for compute_75 into the folder $1, then lowers the
# PTX header to `.version 7.8` so that CUDA 12 drivers load it too (nvcc 13 writes 9.0, which
# only R580+ drivers accept). Without nvcc it does nothing: the checked-in PTX under
# src/main/resources/gradgraph/cuda/ptx stays in place. NVCC names the compiler ("none" skips).
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
out="$1"
nvcc="${NVCC:-nvcc}"
if [ "$nvcc" = "none" ] || ! command -v "$nvcc" >/dev/null 2>&1; then
  echo "[backend-cuda] nvcc not found (NVCC=$nvcc): using the checked-in PTX"
  exit 0
fi
mkdir -p "$out"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  "$nvcc" -ptx -arch=compute_75 -o "$out/$name.ptx.tmp" "$cu"
  sed -e 's/^\.version .*$/.version 7.8/' "$out/$name.ptx.tmp" > "$out/$name.ptx"
  rm -f "$out/$name.ptx.tmp"
done
echo "[backend-cuda] compiled $(ls "$src"/*.cu | wc -l) CUDA sources to PTX with $("$nvcc" --version | tail -1)"
