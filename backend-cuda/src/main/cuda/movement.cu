// Data movement: strided gathers (permute, broadcastTo, slice), strided scatters (pad, concat),
// and index selection along one axis with its adjoint.
#include "common.cuh"

#define MOVEMENT(T, S)                                                                      \
  /* out[i] = x[base + offset(i)] */                                                        \
  extern "C" __global__ void strided_copy_##S(const T* x, T* out, long long n, long long base, \
                                              Strided s) {                                  \
    GRID_STRIDE(i, n) { out[i] = x[base + strided_offset(i, s.shape, s.stride, s.rank)]; }  \
  }                                                                                         \
  /* out[base + offset(i)] = x[i]; targets are distinct, so no atomics */                  \
  extern "C" __global__ void strided_scatter_##S(const T* x, T* out, long long n,           \
                                                 long long base, Strided s) {               \
    GRID_STRIDE(i, n) { out[base + strided_offset(i, s.shape, s.stride, s.rank)] = x[i]; }  \
  }                                                                                         \
  /* out[o, j, i] = x[o, index[j], i] */                                                    \
  extern "C" __global__ void index_select_##S(const T* x, const int* index, T* out,         \
                                              long long n, int len, int count, int inner) { \
    GRID_STRIDE(t, n) {                                                                     \
      long long i = t % inner, j = (t / inner) % count, o = t / ((long long)inner * count); \
      out[t] = x[(o * len + index[j]) * (long long)inner + i];                              \
    }                                                                                       \
  }                                                                                         \
  /* out[o, index[j], i] += x[o, j, i]; repeated indices accumulate (out zeroed first) */   \
  extern "C" __global__ void index_add_##S(const T* x, const int* index, T* out,            \
                                           long long n, int len, int count, int inner) {    \
    GRID_STRIDE(t, n) {                                                                     \
      long long i = t % inner, j = (t / inner) % count, o = t / ((long long)inner * count); \
      atomicAdd(&out[(o * len + index[j]) * (long long)inner + i], x[t]);                   \
    }                                                                                       \
  }

FOR_TYPES(MOVEMENT)
