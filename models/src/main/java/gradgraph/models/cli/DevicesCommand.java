package gradgraph.models.cli;

import gradgraph.core.device.Backend;
import gradgraph.core.device.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradgraph devices}: the CPU and the CUDA devices, or why CUDA is absent. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = "Lists the CPU (cores, vector width) and CUDA devices, or why CUDA is absent.")
final class DevicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("cpu: " + cpuName());
    out.println("  cores: " + Runtime.getRuntime().availableProcessors());
    out.println("  vector width: " + vectorWidth());
    out.println(
        "  java: "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")");
    Backend cuda = Device.backend("cuda");
    if (cuda == null) {
      out.println(
          "cuda: not available: backend-cuda is not on the class path (add"
              + " io.github.gradgraph:backend-cuda to use an NVIDIA GPU)");
    } else {
      String why;
      try {
        why = cuda.unavailableReason();
      } catch (Throwable t) { // native loading problems surface as errors
        why = t.toString();
      }
      if (why != null) {
        out.println("cuda: not available: " + why);
      } else {
        int n = cuda.deviceCount();
        out.println("cuda: " + n + " device(s)");
        for (int i = 0; i < n; i++) {
          out.println("  cuda:" + i + ": " + cuda.describe(i));
        }
      }
    }
    out.flush();
    return Main.OK;
  }

  /** The CPU model from /proc/cpuinfo, else the OS architecture. */
  static String cpuName() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  /** The Vector API's preferred width, read reflectively so the module stays optional. */
  static String vectorWidth() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "Vector API not enabled (start Java with --add-modules jdk.incubator.vector to use"
          + " it); scalar kernels";
    }
    try {
      Class<?> fv = Class.forName("jdk.incubator.vector.FloatVector");
      Object species = fv.getField("SPECIES_PREFERRED").get(null);
      Class<?> vs = Class.forName("jdk.incubator.vector.VectorSpecies");
      int bits = (Integer) vs.getMethod("vectorBitSize").invoke(species);
      return bits + " bits (" + bits / 32 + " floats) with the Vector API";
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }
}
