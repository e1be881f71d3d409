package gradgraph.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a tensor lives and whose kernels compute on it: {@link #CPU}, or a device of a backend
 * found on the class path such as {@code Device.cuda(0)}.
 */
public final class Device {
  /** The CPU, always available. */
  public static final Device CPU = new Device("cpu", 0);

  private static final ConcurrentHashMap<Device, Kernels> KERNELS = new ConcurrentHashMap<>();
  private static volatile List<Backend> backends;

  private final String type;
  private final int index;

  private Device(String type, int index) {
    this.type = type;
    this.index = index;
  }

  /**
   * Returns a CUDA device. Using it needs backend-cuda on the class path and an NVIDIA driver;
   * without them the first kernel call fails with the reason.
   *
   * @param index the device index, from 0
   * @return the device
   */
  public static Device cuda(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("Device.cuda: index: must be >= 0, got " + index);
    }
    return new Device("cuda", index);
  }

  /**
   * Parses {@code cpu}, {@code cuda} or {@code cuda:N}.
   *
   * @param text the device name
   * @return the device
   */
  public static Device parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    int colon = t.indexOf(':');
    String type = colon < 0 ? t : t.substring(0, colon);
    int index;
    try {
      index = colon < 0 ? 0 : Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "device: '" + text + "' is not a device; use cpu, cuda or cuda:N", e);
    }
    if (!type.equals("cuda")) {
      throw new IllegalArgumentException(
          "device: unknown device type '" + type + "' in '" + text + "'; use cpu, cuda or cuda:N");
    }
    return cuda(index);
  }

  /**
   * Returns the type name, {@code cpu} or {@code cuda}.
   *
   * @return the type
   */
  public String type() {
    return type;
  }

  /**
   * Returns the index among devices of the same type.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * Returns the kernels that compute on this device, loading its backend on first use.
   *
   * @return the kernels
   * @throws IllegalStateException when no backend serves this device, saying why and how to run on
   *     the CPU instead
   */
  public Kernels kernels() {
    if (this == CPU || type.equals("cpu")) {
      return CpuKernels.INSTANCE;
    }
    Kernels k = KERNELS.get(this);
    if (k != null) {
      return k;
    }
    Backend b = backend(type);
    if (b == null) {
      throw new IllegalStateException(
          "device "
              + this
              + ": no backend for '"
              + type
              + "' on the class path; add io.github.gradgraph:backend-cuda, or run on Device.CPU"
              + " (--device cpu)");
    }
    String why = b.unavailableReason();
    if (why != null) {
      throw new IllegalStateException("device " + this + " cannot be used: " + why);
    }
    if (index >= b.deviceCount()) {
      throw new IllegalStateException(
          "device " + this + ": only " + b.deviceCount() + " " + type + " device(s) present");
    }
    return KERNELS.computeIfAbsent(this, d -> b.kernels(d.index));
  }

  /**
   * Returns the backend registered for a device type, or {@code null}.
   *
   * @param type the type name, e.g. {@code "cuda"}
   * @return the backend or null
   */
  public static Backend backend(String type) {
    for (Backend b : backends()) {
      if (b.type().equals(type)) {
        return b;
      }
    }
    return null;
  }

  /**
   * Lists the backends found on the class path (the CPU is not among them).
   *
   * @return the backends, in class-path order
   */
  public static List<Backend> backends() {
    List<Backend> list = backends;
    if (list == null) {
      synchronized (Device.class) {
        list = backends;
        if (list == null) {
          list = new ArrayList<>();
          for (Backend b : ServiceLoader.load(Backend.class)) {
            list.add(b);
          }
          list = List.copyOf(list);
          backends = list;
        }
      }
    }
    return list;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device d && d.type.equals(type) && d.index == index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, index);
  }

  @Override
  public String toString() {
    return type.equals("cpu") ? "cpu" : type + ":" + index;
  }
}
