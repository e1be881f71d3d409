// Elementwise kernels: fills, casts, unary and broadcasting binary functions, dropout masks.
// Semantics follow graph-core's CpuKernels (NaN propagation of max/min included).
#include "common.cuh"

// Must list gradgraph.core.device.UnaryOp in declaration order (a unit test compares them).
enum UnaryCode {
  NEG, EXP, LOG, SQRT, ABS, SIGN, SQUARE, RECIPROCAL, SIN, COS, TANH, SIGMOID, SOFTPLUS, RELU,
  GT_SCALAR, LT_SCALAR, LEAKY_RELU, LEAKY_STEP, POW, ADD_SCALAR, MUL_SCALAR, MAX_SCALAR, MIN_SCALAR
};

// Must list gradgraph.core.device.BinaryOp in declaration order.
enum BinaryCode { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_GT, B_GE, B_EQ };

template <typename T>
__device__ __forceinline__ T pow_special(T x, T p) {
  if (p == (T)2) return x * x;
  if (p == (T)1) return x;
  if (p == (T)0) return (T)1;
  return pow(x, p);
}

// Java's Math.max/min: NaN if either operand is NaN.
template <typename T>
__device__ __forceinline__ T jmax(T a, T b) {
  if (a != a || b != b) return a + b;
  return a >= b ? a : b;
}
template <typename T>
__device__ __forceinline__ T jmin(T a, T b) {
  if (a != a || b != b) return a + b;
  return a <= b ? a : b;
}

template <typename T>
__device__ __forceinline__ T unary_op(int op, T x, double alpha) {
  const T a = (T)alpha;
  switch (op) {
    case NEG: return -x;
    case EXP: return exp(x);
    case LOG: return log(x);
    case SQRT: return sqrt(x);
    case ABS: return fabs(x);
    case SIGN: return x > (T)0 ? (T)1 : (x < (T)0 ? (T)-1 : x);  // keeps 0, -0 and NaN
    case SQUARE: return x * x;
    case RECIPROCAL: return (T)1 / x;
    case SIN: return sin(x);
    case COS: return cos(x);
    case TANH: return tanh(x);
    case SIGMOID:
      return x >= (T)0 ? (T)1 / ((T)1 + exp(-x)) : exp(x) / ((T)1 + exp(x));
    case SOFTPLUS: return jmax(x, (T)0) + log1p(exp(-fabs(x)));
    case RELU: return x > (T)0 ? x : (T)0;
    case GT_SCALAR: return (double)x > alpha ? (T)1 : (T)0;
    case LT_SCALAR: return (double)x < alpha ? (T)1 : (T)0;
    case LEAKY_RELU: return x > (T)0 ? x : a * x;
    case LEAKY_STEP: return x > (T)0 ? (T)1 : a;
    case POW: return pow_special(x, a);
    case ADD_SCALAR: return x + a;
    case MUL_SCALAR: return x * a;
    case MAX_SCALAR: return jmax(x, a);
    case MIN_SCALAR: return jmin(x, a);
    default: return x;
  }
}

template <typename T>
__device__ __forceinline__ T binary_op(int op, T a, T b) {
  switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_POW: return pow_special(a, b);
    case B_MAXIMUM: return jmax(a, b);
    case B_MINIMUM: return jmin(a, b);
    case B_GT: return a > b ? (T)1 : (T)0;
    case B_GE: return a >= b ? (T)1 : (T)0;
    case B_EQ: return a == b ? (T)1 : (T)0;
    default: return a;
  }
}

#define ELEMENTWISE(T, S)                                                                  \
  extern "C" __global__ void fill_##S(T* out, long long n, double value) {                 \
    GRID_STRIDE(i, n) { out[i] = (T)value; }                                               \
  }                                                                                        \
  extern "C" __global__ void unary_##S(const T* x, T* out, long long n, int op,            \
                                       double alpha) {                                     \
    GRID_STRIDE(i, n) { out[i] = unary_op<T>(op, x[i], alpha); }                          \
  }                                                                                        \
  /* out[i] = a[offA(i)] op b[offB(i)]; rank 1 with unit strides is the same-shape case */ \
  extern "C" __global__ void binary_##S(const T* a, const T* b, T* out, long long n,       \
                                        int op, Strided2 s) {                              \
    GRID_STRIDE(i, n) {                                                                    \
      long long rem = i, oa = 0, ob = 0;                                                   \
      for (int d = s.rank - 1; d >= 0; --d) {                                              \
        long long q = rem % s.shape[d];                                                    \
        rem /= s.shape[d];                                                                 \
        oa += q * s.sa[d];                                                                 \
        ob += q * s.sb[d];                                                                 \
      }                                                                                    \
      out[i] = binary_op<T>(op, a[oa], b[ob]);                                             \
    }                                                                                      \
  }                                                                                        \
  /* Dropout / Bernoulli masks from host-drawn uniforms, so the CPU and GPU agree. */      \
  extern "C" __global__ void bernoulli_##S(const double* u, T* out, long long n,          \
                                           double p) {                                     \
    GRID_STRIDE(i, n) { out[i] = u[i] < p ? (T)1 : (T)0; }                                 \
  }

FOR_TYPES(ELEMENTWISE)

extern "C" __global__ void cast_f32_f64(const float* x, double* out, long long n) {
  GRID_STRIDE(i, n) { out[i] = (double)x[i]; }
}

extern "C" __global__ void cast_f64_f32(const double* x, float* out, long long n) {
  GRID_STRIDE(i, n) { out[i] = (float)x[i]; }
}
