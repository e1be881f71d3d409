// Reductions over axes, argMax along one axis and softmax along one axis. Accumulation is in
// double for both dtypes, as on the CPU.
#include "common.cuh"

// Must list gradgraph.core.device.ReduceOp in declaration order.
enum ReduceCode { R_SUM, R_MAX, R_MIN };

// The input seen as kept dims x reduced dims. Host packing: 2 + 4 * MAX_RANK ints.
struct ReduceLayout {
  int keptRank;
  int keptShape[MAX_RANK];
  int keptStride[MAX_RANK];
  int redRank;
  int redShape[MAX_RANK];
  int redStride[MAX_RANK];
};

__device__ __forceinline__ double reduce_init(int op) {
  return op == R_SUM ? 0.0 : (op == R_MAX ? -INFINITY : INFINITY);
}

// CpuKernels.combine: a NaN anywhere wins, otherwise sum / max / min.
__device__ __forceinline__ double reduce_combine(int op, double acc, double v) {
  switch (op) {
    case R_SUM: return acc + v;
    case R_MAX: return (v > acc || v != v) ? v : acc;
    default: return (v < acc || v != v) ? v : acc;
  }
}

// Merges two partial results (block reduction); NaN stays NaN.
__device__ __forceinline__ double reduce_merge(int op, double a, double b) {
  if (op == R_SUM) return a + b;
  if (a != a) return a;
  return reduce_combine(op, a, b);
}

#define REDUCE(T, S)                                                                         \
  /* One thread per output: for few reduced elements per output. */                         \
  extern "C" __global__ void reduce_thread_##S(const T* x, T* out, long long nOut,           \
                                               long long nRed, int op, ReduceLayout L) {     \
    GRID_STRIDE(o, nOut) {                                                                   \
      long long base = strided_offset(o, L.keptShape, L.keptStride, L.keptRank);            \
      double acc = reduce_init(op);                                                          \
      for (long long r = 0; r < nRed; ++r) {                                                 \
        acc = reduce_combine(op, acc,                                                        \
                             (double)x[base + strided_offset(r, L.redShape, L.redStride,     \
                                                             L.redRank)]);                   \
      }                                                                                      \
      out[o] = (T)acc;                                                                       \
    }                                                                                        \
  }                                                                                          \
  /* One block per output, threads stride over the reduced elements, then a tree in shared   \
     memory (blockDim.x must be a power of two, at most 1024). */                            \
  extern "C" __global__ void reduce_block_##S(const T* x, T* out, long long nOut,            \
                                              long long nRed, int op, ReduceLayout L) {      \
    __shared__ double part[1024];                                                            \
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {                               \
      long long base = strided_offset(o, L.keptShape, L.keptStride, L.keptRank);            \
      double acc = reduce_init(op);                                                          \
      for (long long r = threadIdx.x; r < nRed; r += blockDim.x) {                           \
        acc = reduce_combine(op, acc,                                                        \
                             (double)x[base + strided_offset(r, L.redShape, L.redStride,     \
                                                             L.redRank)]);                   \
      }                                                                                      \
      part[threadIdx.x] = acc;                                                               \
      __syncthreads();                                                                       \
      for (int s = blockDim.x / 2; s > 0; s >>= 1) {                                         \
        if (threadIdx.x < s) part[threadIdx.x] = reduce_merge(op, part[threadIdx.x],         \
                                                              part[threadIdx.x + s]);        \
        __syncthreads();                                                                     \
      }                                                                                      \
      if (threadIdx.x == 0) out[o] = (T)part[0];                                             \
      __syncthreads();                                                                       \
    }                                                                                        \
  }                                                                                          \
  /* out[o, i] = first k maximizing x[o, k, i] (len > 0). */                                 \
  extern "C" __global__ void argmax_##S(const T* x, int* out, long long nOut, int len,       \
                                        int inner) {                                         \
    GRID_STRIDE(t, nOut) {                                                                   \
      long long o = t / inner, i = t % inner;                                                \
      const T* row = x + o * (long long)len * inner + i;                                     \
      int best = 0;                                                                          \
      T bv = row[0];                                                                         \
      for (int k = 1; k < len; ++k) {                                                        \
        T v = row[(long long)k * inner];                                                     \
        if (v > bv) { bv = v; best = k; }                                                    \
      }                                                                                      \
      out[t] = best;                                                                         \
    }                                                                                        \
  }                                                                                          \
  /* Softmax (or log-softmax) of x[o, :, i], stabilized by the row maximum. */               \
  extern "C" __global__ void softmax_##S(const T* x, T* out, long long nRows, int len,       \
                                         int inner, int logOut) {                            \
    GRID_STRIDE(t, nRows) {                                                                  \
      long long o = t / inner, i = t % inner;                                                \
      long long base = o * (long long)len * inner + i;                                       \
      double mx = -INFINITY;                                                                 \
      for (int k = 0; k < len; ++k) mx = fmax(mx, (double)x[base + (long long)k * inner]);   \
      double sum = 0;                                                                        \
      for (int k = 0; k < len; ++k) sum += exp((double)x[base + (long long)k * inner] - mx); \
      double logSum = log(sum);                                                              \
      for (int k = 0; k < len; ++k) {                                                        \
        long long p = base + (long long)k * inner;                                           \
        double z = (double)x[p] - mx;                                                        \
        out[p] = (T)(logOut ? z - logSum : exp(z) / sum);                                    \
      }                                                                                      \
    }                                                                                        \
  }

FOR_TYPES(REDUCE)
