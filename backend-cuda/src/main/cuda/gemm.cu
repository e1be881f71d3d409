// Gradgraph's own GEMM, used when cuBLAS cannot be loaded (a machine with CUDA 13 libraries only:
// JCublas 12.6 links libcublas.so.12) or when gradgraph.cuda.gemm=ptx asks for it. Same contract
// as cublas<S|D>gemmStridedBatched: column-major, C_b = alpha * op(A_b) * op(B_b) + beta * C_b for
// b < batch, op(X) = X or its transpose, C not read when beta == 0.
//
// One block of 256 threads computes a 64x64 tile of one C_b, each thread a 4x4 register block
// (rows tx + 16p, columns ty + 16q), over 16-deep slices of op(A) and op(B) staged in shared
// memory. Blocks walk the tiles of every product in a grid-stride loop, so any grid is correct.
#include "common.cuh"

#define GEMM_TILE 64
#define GEMM_DEPTH 16
#define GEMM_THREADS 256

#define GEMM(T, S)                                                                             \
  extern "C" __global__ void gemm_##S(int transA, int transB, int m, int n, int k,             \
                                      double alpha, const T* A, int lda, long long strideA,    \
                                      const T* B, int ldb, long long strideB, double beta,     \
                                      T* C, int ldc, long long strideC, long long tilesM,      \
                                      long long tilesN, long long tiles) {                     \
    __shared__ T As[GEMM_DEPTH][GEMM_TILE + 1]; /* As[l][i] = op(A)(i0 + i, l0 + l) */         \
    __shared__ T Bs[GEMM_DEPTH][GEMM_TILE + 1]; /* Bs[l][j] = op(B)(l0 + l, j0 + j) */         \
    const int tid = threadIdx.x;                                                               \
    const int tx = tid % 16;                                                                   \
    const int ty = tid / 16;                                                                   \
    for (long long t = blockIdx.x; t < tiles; t += gridDim.x) {                                \
      const long long b = t / (tilesM * tilesN);                                               \
      const long long r = t % (tilesM * tilesN);                                               \
      const int i0 = (int)(r % tilesM) * GEMM_TILE;                                            \
      const int j0 = (int)(r / tilesM) * GEMM_TILE;                                            \
      const T* a = A + b * strideA;                                                            \
      const T* bm = B + b * strideB;                                                           \
      T* c = C + b * strideC;                                                                  \
      T acc[4][4];                                                                             \
      for (int p = 0; p < 4; ++p)                                                              \
        for (int q = 0; q < 4; ++q) acc[p][q] = (T)0;                                          \
      for (int l0 = 0; l0 < k; l0 += GEMM_DEPTH) {                                             \
        /* neighbouring threads read neighbouring addresses of A and B in either layout */     \
        for (int e = tid; e < GEMM_TILE * GEMM_DEPTH; e += GEMM_THREADS) {                     \
          int ii = transA ? e / GEMM_DEPTH : e % GEMM_TILE;                                    \
          int ll = transA ? e % GEMM_DEPTH : e / GEMM_TILE;                                    \
          int gi = i0 + ii, gl = l0 + ll;                                                      \
          As[ll][ii] = (gi < m && gl < k)                                                      \
                           ? (transA ? a[gl + (long long)gi * lda] : a[gi + (long long)gl * lda]) \
                           : (T)0;                                                             \
          int jj = transB ? e % GEMM_TILE : e / GEMM_DEPTH;                                    \
          int kk = transB ? e / GEMM_TILE : e % GEMM_DEPTH;                                    \
          int gj = j0 + jj, gk = l0 + kk;                                                      \
          Bs[kk][jj] = (gj < n && gk < k)                                                      \
                           ? (transB ? bm[gj + (long long)gk * ldb] : bm[gk + (long long)gj * ldb]) \
                           : (T)0;                                                             \
        }                                                                                      \
        __syncthreads();                                                                       \
        for (int l = 0; l < GEMM_DEPTH; ++l) {                                                 \
          T av[4], bv[4];                                                                      \
          for (int p = 0; p < 4; ++p) av[p] = As[l][tx + 16 * p];                              \
          for (int q = 0; q < 4; ++q) bv[q] = Bs[l][ty + 16 * q];                              \
          for (int p = 0; p < 4; ++p)                                                          \
            for (int q = 0; q < 4; ++q) acc[p][q] += av[p] * bv[q];                            \
        }                                                                                      \
        __syncthreads();                                                                       \
      }                                                                                        \
      for (int p = 0; p < 4; ++p) {                                                            \
        int gi = i0 + tx + 16 * p;                                                             \
        if (gi >= m) continue;                                                                 \
        for (int q = 0; q < 4; ++q) {                                                          \
          int gj = j0 + ty + 16 * q;                                                           \
          if (gj >= n) continue;                                                               \
          long long at = gi + (long long)gj * ldc;                                             \
          T v = (T)alpha * acc[p][q];                                                          \
          if (beta != 0) v += (T)beta * c[at];                                                 \
          c[at] = v;                                                                           \
        }                                                                                      \
      }                                                                                        \
    }                                                                                          \
  }

GEMM(float, f32)
GEMM(double, f64)
