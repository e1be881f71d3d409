package gradgraph.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the {@link MatMul} benchmark (JMH options as on the JMH command line, e.g. {@code -f 1 -wi 3
 * -i 5 -p threads=1}) and prints GFLOP/s per shape, dtype, thread count and transpose.
 */
public final class Gflops {
  private Gflops() {}

  /**
   * Runs and prints.
   *
   * @param args JMH command-line options
   * @throws RunnerException when JMH fails
   * @throws CommandLineOptionException when an option is malformed
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder opts = new OptionsBuilder();
    opts.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      opts.include(MatMul.class.getSimpleName() + "\\.");
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    List<String> lines = new ArrayList<>();
    for (RunResult r : results) {
      var p = r.getParams();
      int[] s = MatMul.parse(p.getParam("shape"));
      double flop = 2.0 * s[0] * s[1] * s[2];
      double us = r.getPrimaryResult().getScore();
      lines.add(
          String.format(
              Locale.ROOT,
              "%-16s %-8s %-3s threads=%s  %9.1f us  %6.1f GFLOP/s",
              p.getParam("shape"),
              p.getParam("dtype"),
              p.getParam("trans"),
              p.getParam("threads"),
              us,
              flop / (us * 1e3)));
    }
    System.out.println();
    System.out.println("GEMM, " + System.getProperty("java.vm.name") + " " + Runtime.version());
    lines.forEach(System.out::println);
  }
}
