// Fused neural-network kernels outside graph-core's Kernels interface: softmax cross-entropy
// (forward loss per row and its gradient) and batch-norm statistics per channel.
#include "common.cuh"

#define NN(T, S)                                                                             \
  /* loss[r] = logsumexp(x[r, :]) - x[r, label[r]]; grad[r, :] = softmax(x[r, :]) - onehot */ \
  extern "C" __global__ void softmax_cross_entropy_##S(const T* x, const int* labels,        \
                                                       T* loss, T* grad, long long rows,     \
                                                       int classes) {                        \
    GRID_STRIDE(r, rows) {                                                                   \
      const T* row = x + r * classes;                                                        \
      double mx = -INFINITY;                                                                 \
      for (int k = 0; k < classes; ++k) mx = fmax(mx, (double)row[k]);                       \
      double sum = 0;                                                                        \
      for (int k = 0; k < classes; ++k) sum += exp((double)row[k] - mx);                     \
      int label = labels[r];                                                                 \
      loss[r] = (T)(log(sum) + mx - (double)row[label]);                                     \
      if (grad != 0) {                                                                       \
        for (int k = 0; k < classes; ++k) {                                                  \
          grad[r * classes + k] = (T)(exp((double)row[k] - mx) / sum - (k == label ? 1.0 : 0.0)); \
        }                                                                                    \
      }                                                                                      \
    }                                                                                        \
  }                                                                                          \
  /* x viewed as (n, c, hw): mean and biased variance per channel, one block per channel,   \
     two passes in double (blockDim.x a power of two, at most 1024). */                      \
  extern "C" __global__ void batchnorm_stats_##S(const T* x, T* mean, T* var, int n, int c,  \
                                                 int hw) {                                   \
    __shared__ double part[1024];                                                            \
    const long long count = (long long)n * hw;                                               \
    for (int ch = blockIdx.x; ch < c; ch += gridDim.x) {                                     \
      double acc = 0;                                                                        \
      for (long long e = threadIdx.x; e < count; e += blockDim.x) {                          \
        acc += (double)x[((e / hw) * c + ch) * (long long)hw + e % hw];                      \
      }                                                                                      \
      part[threadIdx.x] = acc;                                                               \
      __syncthreads();                                                                       \
      for (int s = blockDim.x / 2; s > 0; s >>= 1) {                                         \
        if (threadIdx.x < s) part[threadIdx.x] += part[threadIdx.x + s];                     \
        __syncthreads();                                                                     \
      }                                                                                      \
      double mu = count > 0 ? part[0] / count : 0.0;                                         \
      __syncthreads();                                                                       \
      acc = 0;                                                                               \
      for (long long e = threadIdx.x; e < count; e += blockDim.x) {                          \
        double d = (double)x[((e / hw) * c + ch) * (long long)hw + e % hw] - mu;             \
        acc += d * d;                                                                        \
      }                                                                                      \
      part[threadIdx.x] = acc;                                                               \
      __syncthreads();                                                                       \
      for (int s = blockDim.x / 2; s > 0; s >>= 1) {                                         \
        if (threadIdx.x < s) part[threadIdx.x] += part[threadIdx.x + s];                     \
        __syncthreads();                                                                     \
      }                                                                                      \
      if (threadIdx.x == 0) {                                                                \
        mean[ch] = (T)mu;                                                                    \
        var[ch] = (T)(count > 0 ? part[0] / count : 0.0);                                    \
      }                                                                                      \
      __syncthreads();                                                                       \
    }                                                                                        \
  }

FOR_TYPES(NN)
