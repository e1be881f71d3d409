/**
 * A GPU-versus-CPU benchmark ({@link gradgraph.cuda.bench.CudaBenchmark}) for machines with an
 * NVIDIA GPU: GEMM, an MLP training step and a convolution layer, timed on both devices. It is a
 * plain main class, never run by the tests.
 */
package gradgraph.cuda.bench;
