/**
 * Device memory: a caching allocator that keeps freed blocks in size buckets for reuse (cuMemAlloc
 * and cuMemFree are slow and synchronize), and the exception that reports running out. The Java
 * garbage collector does not see device memory, so blocks go back through scopes and cleaners
 * ({@code gradgraph.cuda.CudaScope}), not only through collection.
 */
package gradgraph.cuda.memory;
