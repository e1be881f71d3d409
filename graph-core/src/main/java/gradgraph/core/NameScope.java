package gradgraph.core;

/**
 * A thread-local path of names ({@code "model/conv1"}) recorded by every op, so diagrams can group
 * ops by the layer or block that created them. Modules push their names while running.
 *
 * <pre>{@code
 * try (Scope s = NameScope.push("encoder")) {
 *   ...
 * }
 * }</pre>
 */
public final class NameScope {
  private static final ThreadLocal<String[]> CURRENT =
      ThreadLocal.withInitial(() -> new String[] {""});

  private NameScope() {}

  /**
   * Appends a name to the current path until the scope is closed.
   *
   * @param name the name, without slashes
   * @return the scope
   */
  public static Scope push(String name) {
    String[] state = CURRENT.get();
    String before = state[0];
    state[0] = before.isEmpty() ? name : before + "/" + name;
    return new Scope(() -> state[0] = before);
  }

  /**
   * Returns the current path.
   *
   * @return the path, empty at top level
   */
  public static String current() {
    return CURRENT.get()[0];
  }
}
