package gradgraph.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an example measured (named numbers, in the order they were put) and the files it wrote. */
public final class ExampleResult {
  private final Map<String, Double> values = new LinkedHashMap<>();
  private final List<Path> files = new ArrayList<>();

  /** Creates an empty result. */
  public ExampleResult() {}

  /**
   * Records a measured number.
   *
   * @param name e.g. {@code test acc}
   * @param value the number
   * @return this
   */
  public ExampleResult put(String name, double value) {
    values.put(name, value);
    return this;
  }

  /**
   * Records a written file.
   *
   * @param file the path
   * @return this
   */
  public ExampleResult file(Path file) {
    files.add(file);
    return this;
  }

  /**
   * Returns a measured number.
   *
   * @param name its name
   * @return the number
   * @throws IllegalArgumentException if the example recorded no such number
   */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "ExampleResult.get: name: '" + name + "' was not recorded; recorded: " + values.keySet());
    }
    return v;
  }

  /**
   * Returns every measured number by name.
   *
   * @return an unmodifiable map
   */
  public Map<String, Double> values() {
    return Collections.unmodifiableMap(values);
  }

  /**
   * Returns the files written, in order.
   *
   * @return an unmodifiable list
   */
  public List<Path> files() {
    return Collections.unmodifiableList(files);
  }
}
