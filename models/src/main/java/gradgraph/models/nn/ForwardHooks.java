package gradgraph.models.nn;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The thread-local {@link ForwardHook} that {@link Module#apply} reports its calls to: {@code try
 * (Scope s = ForwardHooks.install(hook)) { model.apply(x); }}. Other threads, and this one after
 * the scope closes, are not watched; scopes nest, restoring the hook that was there before.
 */
public final class ForwardHooks {
  private static final ThreadLocal<ForwardHook> HOOK = new ThreadLocal<>();

  private ForwardHooks() {}

  /**
   * Installs a hook for this thread until the returned scope closes.
   *
   * @param hook the hook
   * @return the scope that restores the previous hook (or none)
   */
  public static Scope install(ForwardHook hook) {
    Objects.requireNonNull(hook, "ForwardHooks.install: hook");
    ForwardHook previous = HOOK.get();
    HOOK.set(hook);
    return new Scope(
        () -> {
          if (previous == null) {
            HOOK.remove();
          } else {
            HOOK.set(previous);
          }
        });
  }

  /**
   * Runs one module call, telling this thread's hook (if any) before and after. Every {@code apply}
   * overload of {@link Module} goes through here.
   *
   * @param module the module called
   * @param inputs its inputs
   * @param forward runs the module's {@code forward}
   * @return what {@code forward} returned
   */
  static Variable call(Module module, List<Variable> inputs, Supplier<Variable> forward) {
    ForwardHook hook = HOOK.get();
    if (hook == null) {
      return forward.get();
    }
    hook.before(module, inputs);
    Variable y = forward.get();
    hook.after(module, inputs, y);
    return y;
  }
}
