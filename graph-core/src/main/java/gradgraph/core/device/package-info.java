/**
 * Devices and the kernel interface: {@link gradgraph.core.device.Kernels} is the small set of
 * primitives every op is built on; {@link gradgraph.core.device.CpuKernels} implements it on heap
 * arrays, and other backends plug in through {@link gradgraph.core.device.Backend} and
 * ServiceLoader.
 */
package gradgraph.core.device;
