package gradgraph.models.train;

import gradgraph.core.tensor.Errors;
import java.util.Locale;

/**
 * How the learning rate changes over training, evaluated before every step from the step's
 * position, so a resumed run follows the same curve as an uninterrupted one (PyTorch's {@code
 * lr_scheduler}, computed rather than stateful).
 */
public interface LrSchedule {
  /**
   * Returns the learning rate for one step.
   *
   * @param baseLr the configured learning rate
   * @param step the step's index from 0
   * @param totalSteps the number of steps of the whole run
   * @param stepsPerEpoch steps per epoch
   * @return the rate to use
   */
  double lr(double baseLr, long step, long totalSteps, int stepsPerEpoch);

  /**
   * The same rate throughout (the book's way, and the default).
   *
   * @return the schedule
   */
  static LrSchedule constant() {
    return new LrSchedule() {
      @Override
      public double lr(double baseLr, long step, long totalSteps, int stepsPerEpoch) {
        return baseLr;
      }

      @Override
      public String toString() {
        return "constant";
      }
    };
  }

  /**
   * Cosine annealing from the base rate down to 0 over the run (Loshchilov and Hutter, SGDR, 2017,
   * without restarts): {@code lr · ½(1 + cos(π · step / total))}.
   *
   * @return the schedule
   */
  static LrSchedule cosine() {
    return new LrSchedule() {
      @Override
      public double lr(double baseLr, long step, long totalSteps, int stepsPerEpoch) {
        if (totalSteps <= 1) {
          return baseLr;
        }
        return baseLr * 0.5 * (1 + Math.cos(Math.PI * step / (double) totalSteps));
      }

      @Override
      public String toString() {
        return "cosine";
      }
    };
  }

  /**
   * Multiplies the rate by {@code gamma} every {@code everyEpochs} epochs (PyTorch's StepLR).
   *
   * @param everyEpochs the period in epochs, at least 1
   * @param gamma the factor, in (0, 1]
   * @return the schedule
   */
  static LrSchedule stepDecay(int everyEpochs, double gamma) {
    Errors.check(
        everyEpochs >= 1,
        "LrSchedule.stepDecay",
        "everyEpochs",
        "must be >= 1, got " + everyEpochs);
    Errors.check(
        gamma > 0 && gamma <= 1,
        "LrSchedule.stepDecay",
        "gamma",
        "must be in (0, 1], got " + gamma);
    return new LrSchedule() {
      @Override
      public double lr(double baseLr, long step, long totalSteps, int stepsPerEpoch) {
        long epoch = step / Math.max(1, stepsPerEpoch);
        return baseLr * Math.pow(gamma, epoch / everyEpochs);
      }

      @Override
      public String toString() {
        return String.format(Locale.ROOT, "step(every %d epochs, gamma %g)", everyEpochs, gamma);
      }
    };
  }

  /**
   * Parses {@code constant}, {@code cosine} or {@code step:N:GAMMA} (command-line form).
   *
   * @param text the name
   * @return the schedule
   */
  static LrSchedule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("constant")) {
      return constant();
    }
    if (t.equals("cosine")) {
      return cosine();
    }
    if (t.startsWith("step:")) {
      String[] p = t.split(":");
      try {
        return stepDecay(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "lr schedule: '" + text + "' is not step:EPOCHS:GAMMA, e.g. step:2:0.5", e);
      }
    }
    throw new IllegalArgumentException(
        "lr schedule: unknown schedule '" + text + "'; use constant, cosine or step:EPOCHS:GAMMA");
  }
}
