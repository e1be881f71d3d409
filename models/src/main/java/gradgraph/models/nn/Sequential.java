package gradgraph.models.nn;

import gradgraph.core.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied one after another. Layers added without a name are registered as {@code 0}, {@code
 * 1}, ... so their parameters are named {@code 0.weight}, {@code 2.bias}, ...
 *
 * <ul>
 *   <li>input: what the first layer takes
 *   <li>parameters: those of its layers
 *   <li>output: what the last layer gives (the input itself when empty)
 * </ul>
 */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  /**
   * Creates a stack of layers.
   *
   * @param modules the layers, in order
   */
  public Sequential(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /**
   * Appends a layer named by its position.
   *
   * @param m the layer
   * @return this
   */
  public Sequential add(Module m) {
    return add(Integer.toString(layers.size()), m);
  }

  /**
   * Appends a named layer.
   *
   * @param name the name, without dots
   * @param m the layer
   * @return this
   */
  public Sequential add(String name, Module m) {
    layers.add(register(name, m));
    return this;
  }

  /**
   * Returns the layers in order.
   *
   * @return an unmodifiable list
   */
  public List<Module> layers() {
    return Collections.unmodifiableList(layers);
  }

  @Override
  protected Variable forward(Variable x) {
    Variable y = x;
    for (Module m : layers) {
      y = m.apply(y);
    }
    return y;
  }
}
