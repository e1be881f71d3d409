// Runs Gradgraph's CUDA kernels on the CPU, one thread at a time, for tests on machines without a
// GPU. The kernel sources are included unchanged; a few definitions stand in for CUDA's. Threads
// of a launch run sequentially in (block, thread) order, so this checks what each kernel computes
// (indexing, strides, layouts, edge cases), not concurrency. Kernels that synchronize threads
// (__syncthreads, shared memory) run each block's threads as real std::threads meeting at a
// barrier, one block at a time, so their tree reductions run with the block size the host chose.
//
// Protocol (stdin/stdout, one command per line; every command answers one line):
//   alloc ID BYTES | free ID | zero ID BYTES | copy DST DOFF SRC SOFF BYTES
//   write ID f|d|i COUNT V... | read ID f|d|i COUNT -> values
//   launch NAME GRID BLOCK NARGS ARG...   with ARG = p:ID | i:V | l:V | d:V | s:V,V,...
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <barrier>
#include <functional>
#include <thread>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using std::exp; using std::log; using std::sqrt; using std::fabs; using std::sin; using std::cos;
using std::tanh; using std::pow; using std::log1p; using std::fmax;

struct Dim3 { unsigned x = 0, y = 0, z = 0; };
static thread_local Dim3 blockIdx, threadIdx;
static Dim3 blockDim, gridDim;
static thread_local std::barrier<>* g_barrier = nullptr;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
template <typename T> inline T atomicAdd(T* p, T v) { T old = *p; *p += v; return old; }
inline void __syncthreads() {
  if (g_barrier) g_barrier->arrive_and_wait();
}

#include "../../main/cuda/elementwise.cu"
#include "../../main/cuda/reduce.cu"
#include "../../main/cuda/movement.cu"
#include "../../main/cuda/conv.cu"
#include "../../main/cuda/nn.cu"
#include "../../main/cuda/gemm.cu"

struct Arg { char kind; long long l = 0; double d = 0; void* p = nullptr; std::vector<int> s; };
using Args = std::vector<Arg>;
using Kernel = std::function<void(Args&)>;

// Each parameter must arrive with the kind the kernel declares (a real driver copies as many
// bytes as the parameter has: an int passed where a long long is expected reads garbage there),
// and a launch must pass exactly as many arguments as the kernel reads.
static std::atomic<int> g_maxArg{-1};
static Arg& want(Args& a, int i, char kind) {
  if (i >= (int)a.size()) {
    throw std::runtime_error("argument " + std::to_string(i) + " missing: only " +
                             std::to_string(a.size()) + " passed");
  }
  if (a[i].kind != kind) {
    throw std::runtime_error("argument " + std::to_string(i) + " passed as '" +
                             std::string(1, a[i].kind) + "', the kernel parameter is '" +
                             std::string(1, kind) + "'");
  }
  int seen = g_maxArg.load();
  while (i > seen && !g_maxArg.compare_exchange_weak(seen, i)) {
  }
  return a[i];
}
#define P(i, T) ((T*)want(a, i, 'p').p)
#define I(i) ((int)want(a, i, 'i').l)
#define L(i) (want(a, i, 'l').l)
#define D(i) (want(a, i, 'd').d)
// A struct argument must be packed with exactly sizeof(T) bytes, as the driver would copy.
template <typename T> T& as_struct(Arg& arg) {
  if (arg.s.size() * sizeof(int) != sizeof(T)) {
    throw std::runtime_error("struct argument of " + std::to_string(arg.s.size() * sizeof(int)) +
                             " bytes, kernel expects " + std::to_string(sizeof(T)));
  }
  return *(T*)arg.s.data();
}
#define ST(i, T) as_struct<T>(want(a, i, 's'))

static std::map<std::string, Kernel> kernels;
static std::map<std::string, bool> syncKernels;

#define REGISTER(T, S)                                                                          \
  kernels["fill_" #S] = [](Args& a) { fill_##S(P(0, T), L(1), D(2)); };                       \
  kernels["unary_" #S] = [](Args& a) { unary_##S(P(0, T), P(1, T), L(2), I(3), D(4)); };      \
  kernels["binary_" #S] = [](Args& a) {                                                        \
    binary_##S(P(0, T), P(1, T), P(2, T), L(3), I(4), ST(5, Strided2)); };                      \
  kernels["bernoulli_" #S] = [](Args& a) { bernoulli_##S(P(0, double), P(1, T), L(2), D(3)); }; \
  kernels["reduce_thread_" #S] = [](Args& a) {                                                 \
    reduce_thread_##S(P(0, T), P(1, T), L(2), L(3), I(4), ST(5, ReduceLayout)); };              \
  kernels["reduce_block_" #S] = [](Args& a) {                                                  \
    reduce_block_##S(P(0, T), P(1, T), L(2), L(3), I(4), ST(5, ReduceLayout)); };               \
  syncKernels["reduce_block_" #S] = true;                                                      \
  kernels["argmax_" #S] = [](Args& a) { argmax_##S(P(0, T), P(1, int), L(2), I(3), I(4)); };  \
  kernels["softmax_" #S] = [](Args& a) { softmax_##S(P(0, T), P(1, T), L(2), I(3), I(4), I(5)); }; \
  kernels["strided_copy_" #S] = [](Args& a) {                                                  \
    strided_copy_##S(P(0, T), P(1, T), L(2), L(3), ST(4, Strided)); };                          \
  kernels["strided_scatter_" #S] = [](Args& a) {                                               \
    strided_scatter_##S(P(0, T), P(1, T), L(2), L(3), ST(4, Strided)); };                       \
  kernels["index_select_" #S] = [](Args& a) {                                                  \
    index_select_##S(P(0, T), P(1, int), P(2, T), L(3), I(4), I(5), I(6)); };                  \
  kernels["index_add_" #S] = [](Args& a) {                                                     \
    index_add_##S(P(0, T), P(1, int), P(2, T), L(3), I(4), I(5), I(6)); };                     \
  kernels["im2col_" #S] = [](Args& a) { im2col_##S(P(0, T), P(1, T), L(2), ST(3, ConvGeom)); }; \
  kernels["col2im_" #S] = [](Args& a) { col2im_##S(P(0, T), P(1, T), L(2), ST(3, ConvGeom)); }; \
  kernels["maxpool_" #S] = [](Args& a) { maxpool_##S(P(0, T), P(1, T), L(2), ST(3, ConvGeom)); }; \
  kernels["maxpool_backward_" #S] = [](Args& a) {                                              \
    maxpool_backward_##S(P(0, T), P(1, T), P(2, T), L(3), ST(4, ConvGeom)); };                  \
  kernels["avgpool_" #S] = [](Args& a) { avgpool_##S(P(0, T), P(1, T), L(2), ST(3, ConvGeom)); }; \
  kernels["avgpool_backward_" #S] = [](Args& a) {                                              \
    avgpool_backward_##S(P(0, T), P(1, T), L(2), ST(3, ConvGeom)); };                           \
  kernels["softmax_cross_entropy_" #S] = [](Args& a) {                                         \
    softmax_cross_entropy_##S(P(0, T), P(1, int), P(2, T), P(3, T), L(4), I(5)); };            \
  kernels["batchnorm_stats_" #S] = [](Args& a) {                                               \
    batchnorm_stats_##S(P(0, T), P(1, T), P(2, T), I(3), I(4), I(5)); };                       \
  syncKernels["batchnorm_stats_" #S] = true;                                                  \
  kernels["lstm_cell_" #S] = [](Args& a) {                                                     \
    lstm_cell_##S(P(0, T), P(1, T), P(2, T), P(3, T), P(4, T), L(5), I(6)); };                  \
  kernels["lstm_cell_backward_" #S] = [](Args& a) {                                            \
    lstm_cell_backward_##S(P(0, T), P(1, T), P(2, T), P(3, T), P(4, T), P(5, T), P(6, T), L(7), \
                           I(8)); };                                                          \
  kernels["gru_cell_" #S] = [](Args& a) {                                                      \
    gru_cell_##S(P(0, T), P(1, T), P(2, T), P(3, T), P(4, T), L(5), I(6)); };                   \
  kernels["gru_cell_backward_" #S] = [](Args& a) {                                             \
    gru_cell_backward_##S(P(0, T), P(1, T), P(2, T), P(3, T), P(4, T), P(5, T), P(6, T), L(7),  \
                          I(8)); };                                                           \
  kernels["gemm_" #S] = [](Args& a) {                                                          \
    gemm_##S(I(0), I(1), I(2), I(3), I(4), D(5), P(6, T), I(7), L(8), P(9, T), I(10), L(11),    \
             D(12), P(13, T), I(14), L(15), L(16), L(17), L(18)); };                           \
  syncKernels["gemm_" #S] = true;

static void registerAll() {
  REGISTER(float, f32)
  REGISTER(double, f64)
  kernels["cast_f32_f64"] = [](Args& a) { cast_f32_f64(P(0, float), P(1, double), L(2)); };
  kernels["cast_f64_f32"] = [](Args& a) { cast_f64_f32(P(0, double), P(1, float), L(2)); };
}

static std::map<long long, std::vector<char>> mem;

int main() {
  registerAll();
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    std::ostringstream out;
    if (cmd == "alloc") {
      long long id, bytes;
      in >> id >> bytes;
      mem[id] = std::vector<char>(bytes, (char)0x7f);  // garbage, as cuMemAlloc gives
      out << "ok";
    } else if (cmd == "free") {
      long long id;
      in >> id;
      mem.erase(id);
      out << "ok";
    } else if (cmd == "zero") {
      long long id, bytes;
      in >> id >> bytes;
      std::memset(mem[id].data(), 0, bytes);
      out << "ok";
    } else if (cmd == "copy") {
      long long d, doff, s, soff, bytes;
      in >> d >> doff >> s >> soff >> bytes;
      std::memmove(mem[d].data() + doff, mem[s].data() + soff, bytes);
      out << "ok";
    } else if (cmd == "write" || cmd == "read") {
      long long id, n;
      std::string k;
      in >> id >> k >> n;
      char* base = mem[id].data();
      if (cmd == "write") {
        for (long long i = 0; i < n; i++) {
          std::string v;
          in >> v;
          if (k == "i") ((int*)base)[i] = (int)std::strtol(v.c_str(), nullptr, 10);
          else if (k == "f") ((float*)base)[i] = (float)std::strtod(v.c_str(), nullptr);
          else ((double*)base)[i] = std::strtod(v.c_str(), nullptr);
        }
        out << "ok";
      } else {
        char buf[64];
        for (long long i = 0; i < n; i++) {
          if (k == "i") std::snprintf(buf, sizeof buf, "%d", ((int*)base)[i]);
          else std::snprintf(buf, sizeof buf, "%a", k == "f" ? (double)((float*)base)[i] : ((double*)base)[i]);
          out << (i ? " " : "") << buf;
        }
      }
    } else if (cmd == "launch") {
      std::string name;
      unsigned grid, block;
      int nargs;
      in >> name >> grid >> block >> nargs;
      Args args(nargs);
      for (int i = 0; i < nargs; i++) {
        std::string t;
        in >> t;
        Arg& a = args[i];
        a.kind = t[0];
        std::string v = t.substr(2);
        if (a.kind == 'p') a.p = v == "null" ? nullptr : mem[std::stoll(v)].data();
        else if (a.kind == 'i' || a.kind == 'l') a.l = std::stoll(v);
        else if (a.kind == 'd') a.d = std::strtod(v.c_str(), nullptr);
        else {
          std::stringstream ss(v);
          std::string x;
          while (std::getline(ss, x, ',')) a.s.push_back(std::stoi(x));
        }
      }
      auto it = kernels.find(name);
      if (it == kernels.end()) {
        out << "err no kernel " << name;
      } else {
        gridDim.x = grid;
        blockDim.x = block;
        g_maxArg = -1;
        try {
        if (syncKernels.count(name)) {
          for (unsigned b = 0; b < grid; b++) {
            std::barrier<> bar(block);
            std::vector<std::thread> threads;
            // Argument errors are thrown while unpacking, before any barrier, by every thread
            // alike; the first one is reported once the threads are joined.
            std::mutex errLock;
            std::string err;
            for (unsigned t = 0; t < block; t++) {
              threads.emplace_back([&, b, t] {
                blockIdx.x = b;
                threadIdx.x = t;
                g_barrier = &bar;
                try {
                  it->second(args);
                } catch (const std::exception& e) {
                  std::lock_guard<std::mutex> g(errLock);
                  if (err.empty()) err = e.what();
                }
              });
            }
            for (auto& th : threads) th.join();
            if (!err.empty()) throw std::runtime_error(err);
          }
        } else {
          for (unsigned b = 0; b < grid; b++) {
            for (unsigned t = 0; t < block; t++) {
              blockIdx.x = b;
              threadIdx.x = t;
              it->second(args);
            }
          }
        }
        if (grid > 0 && block > 0 && g_maxArg + 1 != nargs) {
          throw std::runtime_error("launch passed " + std::to_string(nargs) +
                                   " arguments, the kernel reads " + std::to_string(g_maxArg + 1));
        }
        out << "ok";
        } catch (const std::exception& e) {
          out << "err " << name << ": " << e.what();
        }
      }
    } else {
      out << "err unknown command " << cmd;
    }
    std::cout << out.str() << "\n" << std::flush;
  }
  return 0;
}
