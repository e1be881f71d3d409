package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import gradgraph.cuda.plan.Layouts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA sources and their PTX without a GPU: the checked-in PTX holds every kernel the Java side
 * launches, carries a header CUDA 12 drivers accept, passes ptxas for sm_75, sm_80 and sm_90, and
 * equals a fresh nvcc compile of the sources; the opcode enums in the sources match graph-core's.
 * Tests that need nvcc or ptxas skip themselves, with the reason, where those are absent.
 */
class PtxTest {
  private static final Path SOURCES = Path.of("src/main/cuda");
  private static final Path CHECKED_IN = Path.of("src/main/resources/gradgraph/cuda/ptx");
  private static final List<String> ARCHS = List.of("sm_75", "sm_80", "sm_90");

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.US_ASCII);
  }

  private static List<String> modules() {
    return new ArrayList<>(KernelTable.TYPED.keySet());
  }

  @Test
  void everyModuleHasASourceAndACheckedInPtx() throws IOException {
    try (Stream<Path> s = Files.list(SOURCES)) {
      List<String> cu =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".cu"))
              .map(n -> n.substring(0, n.length() - 3))
              .sorted()
              .toList();
      List<String> expected = modules().stream().sorted().toList();
      assertEquals(expected, cu);
    }
    for (String m : modules()) {
      assertTrue(Files.exists(CHECKED_IN.resolve(m + ".ptx")), m);
    }
  }

  @Test
  void ptxOnTheClassPathDefinesEveryLaunchedKernel() {
    for (String m : modules()) {
      String ptx = CudaContext.ptx(m);
      assertTrue(ptx.contains("\n.version 7.8\n"), m + ": header must be .version 7.8");
      assertTrue(ptx.contains("\n.target sm_75\n"), m + ": target must be sm_75");
      for (String k : KernelTable.kernels(m)) {
        assertTrue(ptx.contains(".entry " + k + "("), m + ".ptx lacks kernel " + k);
        assertEquals(m, KernelTable.moduleOf(k));
      }
    }
  }

  private static List<String> enumNames(String source, String enumName, String prefix)
      throws IOException {
    Matcher m =
        Pattern.compile("enum " + enumName + "\\s*\\{([^}]*)\\}")
            .matcher(read(SOURCES.resolve(source)));
    assertTrue(m.find(), enumName + " not found in " + source);
    return Arrays.stream(m.group(1).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.substring(prefix.length()))
        .toList();
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  @Test
  void opcodesMatchGraphCoreEnums() throws IOException {
    assertEquals(names(UnaryOp.values()), enumNames("elementwise.cu", "UnaryCode", ""));
    assertEquals(names(BinaryOp.values()), enumNames("elementwise.cu", "BinaryCode", "B_"));
    assertEquals(names(ReduceOp.values()), enumNames("reduce.cu", "ReduceCode", "R_"));
  }

  @Test
  void structLayoutsMatchTheHostPacking() throws IOException {
    String common = read(SOURCES.resolve("common.cuh"));
    assertTrue(common.contains("#define MAX_RANK " + Layouts.MAX_RANK + "\n"));
  }

  // ------------------------------------------------------------------ tools

  /** The nvcc the build uses: property gradgraph.nvcc (Maven passes it), else PATH. */
  static Path nvcc() {
    String name = System.getProperty("gradgraph.nvcc", "nvcc");
    return "none".equals(name) ? null : which(name);
  }

  static Path ptxas() {
    Path nvcc = nvcc();
    if (nvcc != null && Files.isExecutable(nvcc.resolveSibling("ptxas"))) {
      return nvcc.resolveSibling("ptxas");
    }
    return which("ptxas");
  }

  private static Path which(String name) {
    Path direct = Path.of(name);
    if (direct.isAbsolute()) {
      return Files.isExecutable(direct) ? direct : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  private static void ptxasAll(Path dir) throws IOException, InterruptedException {
    Path ptxas = ptxas();
    for (String m : modules()) {
      for (String arch : ARCHS) {
        run(
            List.of(
                ptxas.toString(),
                "-arch=" + arch,
                "-o",
                "/dev/null",
                dir.resolve(m + ".ptx").toString()));
      }
    }
  }

  private static String compilerLine(String ptx) {
    return ptx.lines()
        .filter(l -> l.startsWith("// Cuda compilation tools"))
        .findFirst()
        .orElse("");
  }

  @Test
  void checkedInPtxMatchesAFreshCompileAndPassesPtxas(@TempDir Path tmp) throws Exception {
    Path nvcc = nvcc();
    assumeTrue(nvcc != null, "nvcc not found (PATH or -Dgradgraph.nvcc): cannot compile CUDA here");
    assumeTrue(ptxas() != null, "ptxas not found next to nvcc or on PATH");
    ProcessBuilder pb =
        new ProcessBuilder("bash", SOURCES.resolve("compile-ptx.sh").toString(), tmp.toString())
            .redirectErrorStream(true);
    pb.environment().put("NVCC", nvcc.toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    List<String> stale = new ArrayList<>();
    boolean sameCompiler = true;
    for (String m : modules()) {
      String fresh = read(tmp.resolve(m + ".ptx"));
      String kept = read(CHECKED_IN.resolve(m + ".ptx"));
      assertTrue(fresh.contains("\n.version 7.8\n"), "header not lowered: " + m);
      sameCompiler &= compilerLine(fresh).equals(compilerLine(kept));
      if (!fresh.equals(kept)) {
        stale.add(m);
      }
    }
    // The fresh PTX must pass ptxas for every architecture we promise.
    ptxasAll(tmp);
    assumeTrue(
        sameCompiler,
        "this nvcc differs from the one that made the checked-in PTX; fresh PTX passed ptxas, the"
            + " comparison needs the same nvcc");
    assertEquals(
        List.of(),
        stale,
        "checked-in PTX is stale: run src/main/cuda/compile-ptx.sh"
            + " src/main/resources/gradgraph/cuda/ptx");
  }

  @Test
  void checkedInPtxPassesPtxasWithItsLoweredHeader() throws Exception {
    assumeTrue(
        ptxas() != null, "ptxas not found next to nvcc or on PATH: cannot validate PTX here");
    assumeTrue(nvcc() == null, "covered by the fresh-compile test when nvcc is present");
    ptxasAll(CHECKED_IN);
  }
}
