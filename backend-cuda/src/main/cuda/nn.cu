// Fused neural-network kernels: softmax cross-entropy (forward loss per row and its gradient),
// batch-norm statistics per channel, and the LSTM and GRU steps' pointwise parts and backwards.
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

__device__ __forceinline__ double lstm_sigmoid(double x) {
  return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

// One LSTM step's pointwise part, one thread per (row, unit): z (n, 4h) holds the gates i, f, g, o
// side by side; c (n, h) the previous cell state (zeros for none). Writes the activated gates,
// c' = f*c + i*g and h' = o*tanh(c'), in double with each stored gate rounded to T first, as the
// CPU kernel does.
#define LSTM(T, S)                                                                           \
  extern "C" __global__ void lstm_cell_##S(const T* z, const T* c, T* gates, T* c2, T* h2,   \
                                           long long n, int h) {                             \
    GRID_STRIDE(e, n * h) {                                                                  \
      long long r = e / h;                                                                   \
      int j = (int)(e % h);                                                                  \
      long long b = r * 4 * h + j;                                                           \
      T i = (T)lstm_sigmoid((double)z[b]);                                                   \
      T f = (T)lstm_sigmoid((double)z[b + h]);                                               \
      T g = (T)tanh((double)z[b + 2 * h]);                                                   \
      T o = (T)lstm_sigmoid((double)z[b + 3 * h]);                                           \
      gates[b] = i;                                                                          \
      gates[b + h] = f;                                                                      \
      gates[b + 2 * h] = g;                                                                  \
      gates[b + 3 * h] = o;                                                                  \
      T cv = (T)((double)f * (double)c[e] + (double)i * (double)g);                          \
      c2[e] = cv;                                                                            \
      h2[e] = (T)((double)o * tanh((double)cv));                                             \
    }                                                                                        \
  }                                                                                          \
  /* its backward: dc = dc' + dh*o*(1 - tanh(c')^2); dz per gate; dc_prev = dc*f */          \
  extern "C" __global__ void lstm_cell_backward_##S(const T* gates, const T* c, const T* c2, \
                                                    const T* dh, const T* dc, T* dz,         \
                                                    T* dcp, long long n, int h) {            \
    GRID_STRIDE(e, n * h) {                                                                  \
      long long r = e / h;                                                                   \
      int j = (int)(e % h);                                                                  \
      long long b = r * 4 * h + j;                                                           \
      double i = gates[b], f = gates[b + h], g = gates[b + 2 * h], o = gates[b + 3 * h];     \
      double tc = tanh((double)c2[e]);                                                       \
      double d = dh[e];                                                                      \
      double dct = d * o * (1 - tc * tc) + (double)dc[e];                                    \
      dz[b] = (T)(dct * g * (i * (1 - i)));                                                  \
      dz[b + h] = (T)(dct * (double)c[e] * (f * (1 - f)));                                   \
      dz[b + 2 * h] = (T)(dct * i * (1 - g * g));                                            \
      dz[b + 3 * h] = (T)(d * tc * (o * (1 - o)));                                           \
      dcp[e] = (T)(dct * f);                                                                 \
    }                                                                                        \
  }

// One GRU step's pointwise part (PyTorch's equations), one thread per (row, unit): a and u (n, 3h)
// the input's and the recurrent shares, gates r, z, n side by side; h (n, h) the previous state
// (zeros for none). Writes the activated gates and h' = (1 - z)*n + z*h.
#define GRU(T, S)                                                                            \
  extern "C" __global__ void gru_cell_##S(const T* a, const T* u, const T* hp, T* gates,     \
                                          T* h2, long long n, int h) {                       \
    GRID_STRIDE(e, n * h) {                                                                  \
      long long r = e / h;                                                                   \
      int j = (int)(e % h);                                                                  \
      long long b = r * 3 * h + j;                                                           \
      T rg = (T)lstm_sigmoid((double)a[b] + (double)u[b]);                                   \
      T z = (T)lstm_sigmoid((double)a[b + h] + (double)u[b + h]);                            \
      T c = (T)tanh((double)a[b + 2 * h] + (double)rg * (double)u[b + 2 * h]);               \
      gates[b] = rg;                                                                         \
      gates[b + h] = z;                                                                      \
      gates[b + 2 * h] = c;                                                                  \
      h2[e] = (T)((double)c + (double)z * ((double)hp[e] - (double)c));                      \
    }                                                                                        \
  }                                                                                          \
  /* its backward: da = [dr, dz, dn], du = [dr, dz, dn*r], dh_direct = dh*z */                 \
  extern "C" __global__ void gru_cell_backward_##S(const T* gates, const T* u, const T* hp,  \
                                                   const T* dh, T* da, T* du, T* dhp,        \
                                                   long long n, int h) {                     \
    GRID_STRIDE(e, n * h) {                                                                  \
      long long r = e / h;                                                                   \
      int j = (int)(e % h);                                                                  \
      long long b = r * 3 * h + j;                                                           \
      double rg = gates[b], z = gates[b + h], c = gates[b + 2 * h];                          \
      double d = dh[e];                                                                      \
      double dn = d * (1 - z) * (1 - c * c);                                                 \
      double dz = d * ((double)hp[e] - c) * (z * (1 - z));                                   \
      double dr = dn * (double)u[b + 2 * h] * (rg * (1 - rg));                               \
      da[b] = (T)dr;                                                                         \
      da[b + h] = (T)dz;                                                                     \
      da[b + 2 * h] = (T)dn;                                                                 \
      du[b] = (T)dr;                                                                         \
      du[b + h] = (T)dz;                                                                     \
      du[b + 2 * h] = (T)(dn * rg);                                                          \
      dhp[e] = (T)(d * z);                                                                   \
    }                                                                                        \
  }

FOR_TYPES(NN)
FOR_TYPES(LSTM)
FOR_TYPES(GRU)
