// Convolution lowering and pooling on NCHW images, with the book's im2col layout:
// col[(n*OH + oy)*OW + ox, (c*FH + ky)*FW + kx] = x[n, c, oy*S + ky - P, ox*S + kx - P].
#include "common.cuh"

#define CONV(T, S)                                                                           \
  /* One thread per col element; padding reads as 0. */                                     \
  extern "C" __global__ void im2col_##S(const T* x, T* col, long long total, ConvGeom g) {   \
    const int cols = g.c * g.kh * g.kw;                                                      \
    GRID_STRIDE(t, total) {                                                                  \
      int j = (int)(t % cols);                                                               \
      long long row = t / cols;                                                              \
      int kx = j % g.kw, ky = (j / g.kw) % g.kh, ch = j / (g.kw * g.kh);                     \
      int ox = (int)(row % g.ow), oy = (int)((row / g.ow) % g.oh);                           \
      long long b = row / ((long long)g.ow * g.oh);                                          \
      int y = oy * g.stride + ky - g.pad, xx = ox * g.stride + kx - g.pad;                   \
      col[t] = (y >= 0 && y < g.h && xx >= 0 && xx < g.w)                                   \
                   ? x[((b * g.c + ch) * g.h + y) * (long long)g.w + xx]                     \
                   : (T)0;                                                                   \
    }                                                                                        \
  }                                                                                          \
  /* One thread per image element, gathering every col entry that read it (no atomics). */  \
  extern "C" __global__ void col2im_##S(const T* col, T* x, long long total, ConvGeom g) {   \
    const int cols = g.c * g.kh * g.kw;                                                      \
    GRID_STRIDE(t, total) {                                                                  \
      int xx = (int)(t % g.w), y = (int)((t / g.w) % g.h);                                   \
      int ch = (int)((t / ((long long)g.w * g.h)) % g.c);                                    \
      long long b = t / ((long long)g.w * g.h * g.c);                                        \
      T sum = 0;                                                                             \
      for (int ky = 0; ky < g.kh; ++ky) {                                                    \
        int ny = y + g.pad - ky;                                                             \
        if (ny < 0 || ny % g.stride != 0) continue;                                          \
        int oy = ny / g.stride;                                                              \
        if (oy >= g.oh) continue;                                                            \
        for (int kx = 0; kx < g.kw; ++kx) {                                                  \
          int nx = xx + g.pad - kx;                                                          \
          if (nx < 0 || nx % g.stride != 0) continue;                                        \
          int ox = nx / g.stride;                                                            \
          if (ox >= g.ow) continue;                                                          \
          sum += col[((b * g.oh + oy) * g.ow + ox) * (long long)cols + (ch * g.kh + ky) * g.kw \
                     + kx];                                                                  \
        }                                                                                    \
      }                                                                                      \
      x[t] = sum;                                                                            \
    }                                                                                        \
  }                                                                                          \
  /* One thread per output; the first maximum wins, a NaN wins, padding never does. */       \
  extern "C" __global__ void maxpool_##S(const T* x, T* y, long long total, ConvGeom g) {    \
    GRID_STRIDE(t, total) {                                                                  \
      int ox = (int)(t % g.ow), oy = (int)((t / g.ow) % g.oh);                               \
      long long plane = (t / ((long long)g.ow * g.oh)) * g.h * (long long)g.w;               \
      T best = -INFINITY;                                                                    \
      bool any = false;                                                                      \
      for (int ky = 0; ky < g.kh; ++ky) {                                                    \
        int yy = oy * g.stride + ky - g.pad;                                                 \
        if (yy < 0 || yy >= g.h) continue;                                                   \
        for (int kx = 0; kx < g.kw; ++kx) {                                                  \
          int xx = ox * g.stride + kx - g.pad;                                               \
          if (xx < 0 || xx >= g.w) continue;                                                 \
          T v = x[plane + yy * (long long)g.w + xx];                                         \
          if (!any || v > best || v != v) { best = v; any = true; }                          \
        }                                                                                    \
      }                                                                                      \
      y[t] = best;                                                                           \
    }                                                                                        \
  }                                                                                          \
  /* Routes gy[t] to its window's first maximum (gx zeroed first; windows may overlap). */   \
  extern "C" __global__ void maxpool_backward_##S(const T* x, const T* gy, T* gx,            \
                                                  long long total, ConvGeom g) {             \
    GRID_STRIDE(t, total) {                                                                  \
      int ox = (int)(t % g.ow), oy = (int)((t / g.ow) % g.oh);                               \
      long long plane = (t / ((long long)g.ow * g.oh)) * g.h * (long long)g.w;               \
      T best = -INFINITY;                                                                    \
      long long arg = -1;                                                                    \
      for (int ky = 0; ky < g.kh; ++ky) {                                                    \
        int yy = oy * g.stride + ky - g.pad;                                                 \
        if (yy < 0 || yy >= g.h) continue;                                                   \
        for (int kx = 0; kx < g.kw; ++kx) {                                                  \
          int xx = ox * g.stride + kx - g.pad;                                               \
          if (xx < 0 || xx >= g.w) continue;                                                 \
          long long p = plane + yy * (long long)g.w + xx;                                    \
          T v = x[p];                                                                        \
          if (arg < 0 || v > best || v != v) { best = v; arg = p; }                          \
        }                                                                                    \
      }                                                                                      \
      if (arg >= 0) atomicAdd(&gx[arg], gy[t]);                                              \
    }                                                                                        \
  }                                                                                          \
  /* Average over kh*kw cells, padding counted as zeros. */                                  \
  extern "C" __global__ void avgpool_##S(const T* x, T* y, long long total, ConvGeom g) {    \
    const double scale = 1.0 / ((double)g.kh * g.kw);                                        \
    GRID_STRIDE(t, total) {                                                                  \
      int ox = (int)(t % g.ow), oy = (int)((t / g.ow) % g.oh);                               \
      long long plane = (t / ((long long)g.ow * g.oh)) * g.h * (long long)g.w;               \
      double sum = 0;                                                                        \
      for (int ky = 0; ky < g.kh; ++ky) {                                                    \
        int yy = oy * g.stride + ky - g.pad;                                                 \
        if (yy < 0 || yy >= g.h) continue;                                                   \
        for (int kx = 0; kx < g.kw; ++kx) {                                                  \
          int xx = ox * g.stride + kx - g.pad;                                               \
          if (xx >= 0 && xx < g.w) sum += (double)x[plane + yy * (long long)g.w + xx];       \
        }                                                                                    \
      }                                                                                      \
      y[t] = (T)(sum * scale);                                                               \
    }                                                                                        \
  }                                                                                          \
  /* One thread per input element, summing the windows that cover it (no atomics). */       \
  extern "C" __global__ void avgpool_backward_##S(const T* gy, T* gx, long long total,       \
                                                  ConvGeom g) {                              \
    const double scale = 1.0 / ((double)g.kh * g.kw);                                        \
    GRID_STRIDE(t, total) {                                                                  \
      int xx = (int)(t % g.w), y = (int)((t / g.w) % g.h);                                   \
      long long p = t / ((long long)g.w * g.h);                                              \
      double sum = 0;                                                                        \
      for (int ky = 0; ky < g.kh; ++ky) {                                                    \
        int ny = y + g.pad - ky;                                                             \
        if (ny < 0 || ny % g.stride != 0 || ny / g.stride >= g.oh) continue;                 \
        for (int kx = 0; kx < g.kw; ++kx) {                                                  \
          int nx = xx + g.pad - kx;                                                          \
          if (nx < 0 || nx % g.stride != 0 || nx / g.stride >= g.ow) continue;               \
          sum += (double)gy[(p * g.oh + ny / g.stride) * (long long)g.ow + nx / g.stride];   \
        }                                                                                    \
      }                                                                                      \
      gx[t] = (T)(sum * scale);                                                              \
    }                                                                                        \
  }

FOR_TYPES(CONV)
