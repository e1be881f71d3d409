/**
 * Host-side planning for CUDA work, free of any driver call and so tested everywhere: launch
 * configurations ({@link gradgraph.cuda.plan.LaunchConfig}), strided layouts packed into the
 * structs the kernels take ({@link gradgraph.cuda.plan.Layouts}), and row-major matrix products
 * mapped onto column-major cuBLAS ({@link gradgraph.cuda.plan.GemmPlan}).
 */
package gradgraph.cuda.plan;
