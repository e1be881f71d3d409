// Shared definitions of Gradgraph's CUDA kernels. Every kernel uses a grid-stride loop, so any
// grid size is correct; the host caps the grid (LaunchConfig) and the loop covers the rest.
// Layout structs are passed by value: the host packs them as int arrays of exactly this size.
#pragma once

#define MAX_RANK 8

// One tensor read through strides: offset(i) = sum over d of idx_d(i) * stride[d].
// Host packing: 1 + 2 * MAX_RANK ints.
struct Strided {
  int rank;
  int shape[MAX_RANK];
  int stride[MAX_RANK];
};

// Two operands broadcast to one output shape. Host packing: 1 + 3 * MAX_RANK ints.
struct Strided2 {
  int rank;
  int shape[MAX_RANK];
  int sa[MAX_RANK];
  int sb[MAX_RANK];
};

// NCHW convolution/pooling geometry. Host packing: 10 ints.
struct ConvGeom {
  int n, c, h, w, kh, kw, stride, pad, oh, ow;
};

#define GRID_STRIDE(i, n)                                                   \
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// Row-major walk: the offset of flat output index i under shape/stride.
__device__ __forceinline__ long long strided_offset(long long i, const int* shape,
                                                    const int* stride, int rank) {
  long long off = 0;
  for (int d = rank - 1; d >= 0; --d) {
    long long s = shape[d];
    long long q = i % s;
    i /= s;
    off += q * stride[d];
  }
  return off;
}

// Instantiates a templated kernel body under C names with _f32 / _f64 suffixes.
#define FOR_TYPES(MACRO) MACRO(float, f32) MACRO(double, f64)
