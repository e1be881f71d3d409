package gradgraph.cuda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which PTX module (one per {@code src/main/cuda/*.cu}) holds which kernel. Typed kernels exist
 * with suffixes {@code _f32} and {@code _f64}; a test checks every name against the PTX files.
 */
final class KernelTable {
  /** Where the PTX files are on the class path. */
  static final String RESOURCE_DIR = "/gradgraph/cuda/ptx/";

  /** Module name to its typed kernels' base names. */
  static final Map<String, List<String>> TYPED = new LinkedHashMap<>();

  /** Module name to its untyped kernels' full names. */
  static final Map<String, List<String>> UNTYPED = new LinkedHashMap<>();

  static {
    TYPED.put("elementwise", List.of("fill", "unary", "binary", "bernoulli"));
    UNTYPED.put("elementwise", List.of("cast_f32_f64", "cast_f64_f32"));
    TYPED.put("reduce", List.of("reduce_thread", "reduce_block", "argmax", "softmax"));
    TYPED.put("movement", List.of("strided_copy", "strided_scatter", "index_select", "index_add"));
    TYPED.put(
        "conv",
        List.of("im2col", "col2im", "maxpool", "maxpool_backward", "avgpool", "avgpool_backward"));
    TYPED.put(
        "nn",
        List.of(
            "softmax_cross_entropy",
            "batchnorm_stats",
            "lstm_cell",
            "lstm_cell_backward",
            "gru_cell",
            "gru_cell_backward"));
    TYPED.put("gemm", List.of("gemm"));
  }

  private KernelTable() {}

  /**
   * Finds the module of a kernel.
   *
   * @param kernel a full kernel name, e.g. {@code unary_f32}
   * @return the module's name
   */
  static String moduleOf(String kernel) {
    for (var e : UNTYPED.entrySet()) {
      if (e.getValue().contains(kernel)) {
        return e.getKey();
      }
    }
    String base = kernel.replaceFirst("_f(32|64)$", "");
    for (var e : TYPED.entrySet()) {
      if (e.getValue().contains(base)) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("cuda: kernel: no module holds '" + kernel + "'");
  }

  /**
   * Lists every kernel name of a module.
   *
   * @param module the module
   * @return the full names
   */
  static List<String> kernels(String module) {
    var out = new java.util.ArrayList<String>();
    for (String b : TYPED.getOrDefault(module, List.of())) {
      out.add(b + "_f32");
      out.add(b + "_f64");
    }
    out.addAll(UNTYPED.getOrDefault(module, List.of()));
    return out;
  }
}
