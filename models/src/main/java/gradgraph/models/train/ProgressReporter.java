package gradgraph.models.train;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress within an epoch: a progress bar with the loss and samples/s on a
 * terminal, a few plain lines otherwise (logs, CI), or nothing.
 */
public interface ProgressReporter {
  /**
   * Starts an epoch.
   *
   * @param epoch the epoch, from 1
   * @param epochs the number of epochs
   * @param batches the batches in this epoch
   */
  void start(int epoch, int epochs, int batches);

  /**
   * Reports one finished batch.
   *
   * @param loss the running mean loss of the epoch
   * @param samplesPerSecond the throughput so far
   */
  void step(double loss, double samplesPerSecond);

  /** Ends the epoch. */
  void end();

  /**
   * Returns a reporter that prints nothing.
   *
   * @return the reporter
   */
  static ProgressReporter silent() {
    return new ProgressReporter() {
      @Override
      public void start(int epoch, int epochs, int batches) {}

      @Override
      public void step(double loss, double samplesPerSecond) {}

      @Override
      public void end() {}
    };
  }

  /**
   * Returns a progress bar on a terminal (when {@code System.console()} is present), plain lines on
   * {@code out} otherwise.
   *
   * @param out where plain lines go
   * @return the reporter
   */
  static ProgressReporter auto(PrintWriter out) {
    return isTerminal() ? bar() : lines(out);
  }

  /**
   * Tells whether standard output is a terminal. From JDK 22 {@code System.console()} exists even
   * when output is redirected, so {@code Console.isTerminal()} is asked where it exists.
   *
   * @return true on an interactive terminal
   */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException e) {
      return true; // JDK 17-21: a console means a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Returns a reporter that prints a line at every tenth of an epoch.
   *
   * @param out the stream
   * @return the reporter
   */
  static ProgressReporter lines(PrintWriter out) {
    return new ProgressReporter() {
      private int epoch;
      private int epochs;
      private int batches;
      private int done;

      @Override
      public void start(int e, int n, int b) {
        epoch = e;
        epochs = n;
        batches = b;
        done = 0;
      }

      @Override
      public void step(double loss, double samplesPerSecond) {
        done++;
        int every = Math.max(1, batches / 10);
        if (done % every == 0 || done == batches) {
          out.printf(
              Locale.ROOT,
              "epoch %d/%d: batch %d/%d, loss %.4f, %.0f samples/s%n",
              epoch,
              epochs,
              done,
              batches,
              loss,
              samplesPerSecond);
          out.flush();
        }
      }

      @Override
      public void end() {}
    };
  }

  /**
   * Returns a progress bar on the terminal (me.tongfei progressbar).
   *
   * @return the reporter
   */
  static ProgressReporter bar() {
    return new ProgressReporter() {
      private ProgressBar pb;

      @Override
      public void start(int epoch, int epochs, int batches) {
        pb =
            new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .build();
      }

      @Override
      public void step(double loss, double samplesPerSecond) {
        pb.step();
        pb.setExtraMessage(
            String.format(Locale.ROOT, "loss %.4f, %.0f samples/s", loss, samplesPerSecond));
      }

      @Override
      public void end() {
        pb.close();
      }
    };
  }
}
