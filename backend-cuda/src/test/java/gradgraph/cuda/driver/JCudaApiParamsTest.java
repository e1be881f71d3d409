package gradgraph.cuda.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.NativePointerObject;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * How {@link JCudaApi} packs kernel arguments for {@code cuLaunchKernel}; pure Java, so it runs
 * without a driver. (The emulator does its own packing, so only this test covers this code.)
 */
class JCudaApiParamsTest {
  @Test
  void everyArgumentKindBecomesOnePointerToItsValue() {
    CudaApi.Ptr p = new CudaApi.Ptr(new CUdeviceptr(), 64);
    NativePointerObject[] params =
        JCudaApi.kernelParams(
            new KernelArgs().ptr(p).i32(3).i64(5L).f64(0.5).struct(new int[] {1, 2, 3}));
    assertEquals(5, params.length);
    assertTrue(params[0].toString().contains("CUdeviceptr"), params[0].toString());
    assertTrue(params[1].toString().contains("IntBuffer"), params[1].toString());
    assertTrue(params[2].toString().contains("LongBuffer"), params[2].toString());
    assertTrue(params[3].toString().contains("DoubleBuffer"), params[3].toString());
    assertTrue(params[4].toString().contains("cap=3"), params[4].toString());
  }

  /**
   * An empty tensor has no device memory (a null pointer), yet it can be the input of a launch
   * whose output is not empty: the op table's {@code sum [0, 3] axis 0} (zeros), the sum of an
   * empty tensor (a scalar 0). The kernel never reads it; the packing must pass a null device
   * pointer instead of failing with a NullPointerException before the launch.
   */
  @Test
  void theNullPointerOfAnEmptyTensorIsPassedAsAddressZero() {
    NativePointerObject[] params =
        JCudaApi.kernelParams(new KernelArgs().ptr(null).ptr(null).i64(0L));
    assertEquals(3, params.length);
    assertInstanceOf(jcuda.Pointer.class, params[0]);
    assertTrue(
        params[0].toString().contains("CUdeviceptr[nativePointer=0x0"), params[0].toString());
  }
}
