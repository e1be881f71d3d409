/**
 * The CUDA backend: {@link gradgraph.cuda.CudaBackend} registers device type {@code cuda} with
 * graph-core through ServiceLoader, probes JCuda once and says why CUDA cannot be used when it
 * cannot; {@link gradgraph.cuda.CudaKernels} implements graph-core's kernel interface with PTX
 * kernels and cuBLAS; {@link gradgraph.cuda.CudaScope} frees device memory promptly.
 */
package gradgraph.cuda;
