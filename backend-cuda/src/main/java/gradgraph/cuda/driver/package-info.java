/**
 * The thin seam between Gradgraph and the NVIDIA libraries: {@link gradgraph.cuda.driver.CudaApi}
 * names every driver and cuBLAS call the backend makes, with opaque handles instead of JCuda types,
 * so that all host logic above it is unit-tested with mocks on machines without a GPU; {@link
 * gradgraph.cuda.driver.JCudaApi} is the one class that calls JCuda.
 */
package gradgraph.cuda.driver;
