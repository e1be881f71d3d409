package gradgraph.cuda;

import gradgraph.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frees device memory deterministically: every CUDA tensor created on this thread while the scope
 * is open goes back to the allocator when it closes, except those passed to {@link #keep}, which
 * move to the enclosing scope (or, outside every scope, to the garbage collector). The Java GC does
 * not see GPU memory and may run too late; use a scope around each training step:
 *
 * <pre>{@code
 * try (CudaScope step = CudaScope.open()) {
 *   Variable loss = lossOf(model, x, t);
 *   loss.backward();
 *   optimizer.step();                // writes fresh parameter tensors
 *   step.keep(parameterValues);      // the tensors that must survive the step
 * }
 * }</pre>
 *
 * Scopes nest and are thread-local, like graph-core's mode scopes.
 */
public final class CudaScope implements AutoCloseable {
  private static final ThreadLocal<ArrayDeque<CudaScope>> STACK =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final Map<CudaStorage, Boolean> owned = new IdentityHashMap<>();
  private boolean closed;

  private CudaScope() {}

  /**
   * Opens a scope on the current thread.
   *
   * @return the scope, to be closed by try-with-resources
   */
  public static CudaScope open() {
    CudaScope s = new CudaScope();
    STACK.get().push(s);
    return s;
  }

  static void track(CudaStorage storage) {
    CudaScope s = STACK.get().peek();
    if (s != null) {
      s.owned.put(storage, Boolean.TRUE);
    }
  }

  /**
   * Keeps tensors alive past this scope: they move to the enclosing scope, or to the garbage
   * collector when there is none. CPU tensors are ignored.
   *
   * @param tensors the tensors to keep
   * @return this scope
   */
  public CudaScope keep(Tensor... tensors) {
    return keep(List.of(tensors));
  }

  /**
   * Keeps tensors alive past this scope, as {@link #keep(Tensor...)}.
   *
   * @param tensors the tensors
   * @return this scope
   */
  public CudaScope keep(Iterable<Tensor> tensors) {
    for (Tensor t : tensors) {
      if (t.storage() instanceof CudaStorage c && owned.remove(c) != null) {
        CudaScope parent = parentOf(this);
        if (parent != null) {
          parent.owned.put(c, Boolean.TRUE);
        }
      }
    }
    return this;
  }

  private static CudaScope parentOf(CudaScope s) {
    boolean next = false;
    for (CudaScope x : STACK.get()) {
      if (next) {
        return x;
      }
      next = x == s;
    }
    return null;
  }

  /**
   * Returns how many storages this scope will release.
   *
   * @return the count
   */
  public int ownedCount() {
    return owned.size();
  }

  /** Releases every storage created in this scope and not kept. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ArrayDeque<CudaScope> stack = STACK.get();
    if (stack.peek() != this) {
      stack.remove(this);
    } else {
      stack.pop();
    }
    List<CudaStorage> list = new ArrayList<>(owned.keySet());
    owned.clear();
    for (CudaStorage s : list) {
      s.release();
    }
  }
}
