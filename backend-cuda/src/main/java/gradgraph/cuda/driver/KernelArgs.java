package gradgraph.cuda.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of one kernel launch, in the order of the kernel's C signature. Each is a device
 * pointer, a scalar, or a struct passed by value and packed as ints. {@link CudaApi}
 * implementations turn the list into the driver's {@code void**}.
 */
public final class KernelArgs {
  /** The kind of one parameter. */
  public enum Kind {
    /** A device pointer ({@code T*}). */
    POINTER,
    /** A 32-bit int. */
    INT,
    /** A 64-bit int ({@code long long}). */
    LONG,
    /** A 64-bit float ({@code double}). */
    DOUBLE,
    /** A struct of ints passed by value. */
    INT_STRUCT
  }

  /**
   * One parameter.
   *
   * @param kind its kind
   * @param value a {@link CudaApi.Ptr}, Integer, Long, Double or int[]
   */
  public record Arg(Kind kind, Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Arg a
          && a.kind == kind
          && (kind == Kind.INT_STRUCT
              ? Arrays.equals((int[]) a.value, (int[]) value)
              : java.util.Objects.equals(a.value, value));
    }

    @Override
    public int hashCode() {
      return kind == Kind.INT_STRUCT
          ? Arrays.hashCode((int[]) value)
          : java.util.Objects.hashCode(value);
    }

    @Override
    public String toString() {
      return kind == Kind.INT_STRUCT ? Arrays.toString((int[]) value) : String.valueOf(value);
    }
  }

  private final List<Arg> args = new ArrayList<>();

  /**
   * Appends a device pointer.
   *
   * @param p the pointer
   * @return this
   */
  public KernelArgs ptr(CudaApi.Ptr p) {
    args.add(new Arg(Kind.POINTER, p));
    return this;
  }

  /**
   * Appends an {@code int}.
   *
   * @param v the value
   * @return this
   */
  public KernelArgs i32(int v) {
    args.add(new Arg(Kind.INT, v));
    return this;
  }

  /**
   * Appends a {@code long long}.
   *
   * @param v the value
   * @return this
   */
  public KernelArgs i64(long v) {
    args.add(new Arg(Kind.LONG, v));
    return this;
  }

  /**
   * Appends a {@code double}.
   *
   * @param v the value
   * @return this
   */
  public KernelArgs f64(double v) {
    args.add(new Arg(Kind.DOUBLE, v));
    return this;
  }

  /**
   * Appends a struct of ints passed by value.
   *
   * @param fields the struct's fields, exactly as laid out in C (copied)
   * @return this
   */
  public KernelArgs struct(int[] fields) {
    args.add(new Arg(Kind.INT_STRUCT, fields.clone()));
    return this;
  }

  /**
   * Returns the parameters in order.
   *
   * @return an unmodifiable list
   */
  public List<Arg> list() {
    return List.copyOf(args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelArgs k && k.args.equals(args);
  }

  @Override
  public int hashCode() {
    return args.hashCode();
  }

  @Override
  public String toString() {
    return args.toString();
  }
}
