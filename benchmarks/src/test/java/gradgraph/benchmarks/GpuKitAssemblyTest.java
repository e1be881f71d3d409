package gradgraph.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assembles the GPU kit from the jars this build made (backend-cuda/kit/assemble.sh --no-build),
 * checks that it stays under the 60 MiB a GPU machine accepts per call, and runs it here, where no
 * GPU is: it must say so, still pass the parity suite's CPU self-check, and exit 0.
 *
 * <p>The benchmarks module comes after models and backend-cuda in the build, so their jars and test
 * classes exist when this runs in {@code ./mvnw -B verify}.
 */
class GpuKitAssemblyTest {
  private static final long LIMIT = 60L << 20;

  @Test
  void theKitAssemblesUnderSixtyMibAndRunsWithoutAGpu(@TempDir Path tmp) throws Exception {
    Path root = Paths.get("").toAbsolutePath().getParent();
    Path script = root.resolve("backend-cuda/kit/assemble.sh");
    assertTrue(Files.isRegularFile(script), "missing " + script);
    Path console = onlyJar(Paths.get("target/gpu-kit-deps").toAbsolutePath());

    Path kit = tmp.resolve("kit");
    Run assemble =
        run(
            List.of("bash", script.toString(), "--no-build", kit.toString()),
            root,
            tmp.resolve("assemble.log"),
            "GRADGRAPH_JUNIT_CONSOLE_JAR",
            console.toString(),
            "OUT",
            "");
    assertEquals(0, assemble.rc, "assemble.sh failed:\n" + assemble.log);

    Path archive =
        Files.exists(kit.resolve("gpu-kit.txz"))
            ? kit.resolve("gpu-kit.txz")
            : kit.resolve("gpu-kit.tgz");
    Path runKit = kit.resolve("run-kit.sh");
    assertTrue(Files.isRegularFile(archive), "no archive in " + kit + ":\n" + assemble.log);
    assertTrue(Files.isRegularFile(runKit), "no run-kit.sh in " + kit);
    long total;
    try (Stream<Path> files = Files.list(kit)) {
      total = files.mapToLong(GpuKitAssemblyTest::size).sum();
    }
    assertTrue(total < LIMIT, "the kit is " + (total >> 20) + " MiB, over 60 MiB");
    assertTrue(total > 8L << 20, "the kit is only " + total + " bytes: no runtime inside?");

    Path out = tmp.resolve("out");
    Run kitRun =
        run(
            List.of("bash", runKit.toString()),
            tmp,
            tmp.resolve("run.log"),
            "OUT",
            out.toString(),
            "TMPDIR",
            tmp.toString());
    assertEquals(0, kitRun.rc, "run-kit.sh failed:\n" + kitRun.log);
    String summary = Files.readString(out.resolve("summary.txt"));
    assertTrue(summary.contains("runtime: JDK "), summary);
    assertTrue(summary.contains("no usable GPU: cuda: not available"), summary);
    assertTrue(summary.contains("devices: exit 0"), summary);
    assertTrue(summary.contains("parity: exit 0"), summary);
    String devices = Files.readString(out.resolve("devices.txt"));
    assertTrue(devices.lines().anyMatch(l -> l.startsWith("cpu: ")), devices);
    assertTrue(devices.lines().anyMatch(l -> l.startsWith("cuda: not available")), devices);
    String parity = Files.readString(out.resolve("parity.txt"));
    assertTrue(parity.contains("1 tests successful"), parity);
    assertTrue(parity.contains("0 tests failed"), parity);
    // the kit unpacks into a temporary folder and removes it afterwards
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(
          List.of("assemble.log", "kit", "out", "run.log"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  private record Run(int rc, String log) {}

  private static Run run(List<String> cmd, Path dir, Path log, String... env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    for (int i = 0; i < env.length; i += 2) {
      if (env[i + 1].isEmpty()) {
        pb.environment().remove(env[i]);
      } else {
        pb.environment().put(env[i], env[i + 1]);
      }
    }
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Run(-1, "timed out after 15 minutes\n" + tail(log));
    }
    return new Run(p.exitValue(), tail(log));
  }

  private static String tail(Path log) throws IOException {
    String s = Files.readString(log, StandardCharsets.UTF_8);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path onlyJar(Path dir) throws IOException {
    File[] jars = dir.toFile().listFiles((d, n) -> n.endsWith(".jar"));
    assertTrue(jars != null && jars.length == 1, "expected the JUnit console jar in " + dir);
    return jars[0].toPath();
  }
}
