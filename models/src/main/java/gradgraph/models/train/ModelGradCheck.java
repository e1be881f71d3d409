package gradgraph.models.train;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.check.GradCheck;
import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Activation;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.zoo.DeepConvNet;
import gradgraph.models.zoo.LstmLanguageModel;
import gradgraph.models.zoo.Mlp;
import gradgraph.models.zoo.ResidualNet;
import gradgraph.models.zoo.SimpleConvNet;
import gradgraph.models.zoo.TwoLayerNet;
import gradgraph.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.math3.random.Well19937c;

/**
 * Gradient checks of whole models, as the book's {@code gradient_check.py} does for its networks:
 * the training loss (softmax cross-entropy plus the model's penalty) on a small random batch, every
 * parameter compared element by element with central differences in float64. Each model is checked
 * in a narrow variant of the same architecture so the check takes seconds, with biases drawn at
 * random rather than zero (a zero bias behind a dead unit puts the next ReLU exactly on its kink).
 */
public final class ModelGradCheck {
  private ModelGradCheck() {}

  /**
   * Lists the models {@link #check(String, long)} knows.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.of("two-layer", "mlp", "cnn", "deep-cnn", "resnet", "lstm-lm");
  }

  /**
   * Checks one model.
   *
   * @param name one of {@link #names()}
   * @param seed the seed of the weights and the batch
   * @return the report, one entry per parameter, named by its dotted path
   */
  public static GradCheckReport check(String name, long seed) {
    Well19937c rng = new Well19937c(seed);
    Module model;
    Tensor x;
    boolean eval = false;
    switch (name) {
      case "two-layer":
        model = new TwoLayerNet(6, 5, 3, seed);
        x = Tensor.randn(rng, DType.FLOAT64, 0, 1, 3, 6);
        break;
      case "mlp":
        // the book's MultiLayerNetExtend with every option on (dropout needs fixed masks: off)
        model =
            new Mlp(
                new Mlp.Config(
                    6, new int[] {5, 4}, 3, Activation.RELU, Init.he(), true, 0, 0.1, seed));
        x = Tensor.randn(rng, DType.FLOAT64, 0, 1, 4, 6);
        break;
      case "cnn":
        model = new SimpleConvNet(1, 10, 10, 3, 8, 3, seed);
        x = Tensor.rand(rng, DType.FLOAT64, 0, 1, 2, 1, 10, 10);
        break;
      case "deep-cnn":
        model = new DeepConvNet(new int[] {2, 2, 2, 2, 2, 2}, 4, 0.5, seed);
        x = Tensor.rand(rng, DType.FLOAT64, 0, 1, 2, 1, 28, 28);
        eval = true; // dropout masks change every call; evaluation mode turns them off
        break;
      case "resnet":
        // two channels: both residual blocks and their batch norms (training mode, batch
        // statistics) on two images, the skip connections' sums included
        model = new ResidualNet(2, seed);
        x = Tensor.rand(rng, DType.FLOAT64, 0, 1, 2, 1, 28, 28);
        break;
      case "lstm-lm":
        return checkLstmLm(seed, rng);
      default:
        throw Errors.illegalArgument(
            "gradcheck", "model", "'" + name + "' is not one of " + String.join(", ", names()));
    }
    model.to(DType.FLOAT64);
    // biases start at 0: behind a dead unit the next pre-activation is then exactly 0, on ReLU's
    // kink, where central differences are meaningless; random biases move every unit off it
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (e.getKey().endsWith("bias") || e.getKey().endsWith("beta")) {
        Parameter p = e.getValue();
        p.setValue(Tensor.randn(rng, DType.FLOAT64, 0, 0.1, p.shape()));
      }
    }
    int classes = name.equals("deep-cnn") || name.equals("resnet") ? 10 : 3;
    int[] labels = new int[x.dim(0)];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(classes);
    }
    return check(model, x, labels, eval);
  }

  /**
   * The sequel's LSTM language model, narrow (vocabulary 7, embedding 4, 2 layers of 5 units): the
   * next-token loss over 2 streams of 4 steps through the embedding, both LSTM layers (their fused
   * backward through time) and the output layer. The model is stateful, so every evaluation starts
   * from a reset state.
   */
  private static GradCheckReport checkLstmLm(long seed, Well19937c rng) {
    LstmLanguageModel model =
        new LstmLanguageModel(new LstmLanguageModel.Config(7, 4, 5, 2, 0, seed));
    model.to(DType.FLOAT64);
    int n = 2;
    int t = 4;
    int[] xs = new int[n * t];
    int[] ts = new int[n * t];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = rng.nextInt(7);
      ts[i] = rng.nextInt(7);
    }
    try (Scope mode = Mode.train()) {
      return checkLoss(
          model,
          () -> {
            model.resetState();
            return model.loss(xs, ts, n, t);
          });
    }
  }

  /**
   * Checks any model: the gradient of its training loss (softmax cross-entropy plus {@link
   * Module#penalty()}) on one batch with respect to every parameter. Parameters are promoted to
   * float64 during the check and restored afterwards; the report names them by dotted path.
   *
   * @param model the model (its parameter values are restored; batch-norm running statistics move)
   * @param x a FLOAT64 batch
   * @param labels one class per row of {@code x}
   * @param eval whether to run in evaluation mode (needed when the model has dropout, whose masks
   *     change with every call)
   * @return the report
   */
  public static GradCheckReport check(Module model, Tensor x, int[] labels, boolean eval) {
    Variable input = Variable.constant(x);
    try (Scope mode = eval ? Mode.eval() : Mode.train()) {
      return checkLoss(
          model,
          () -> {
            Variable loss = Ops.softmaxCrossEntropy(model.apply(input), labels);
            Variable penalty = model.penalty();
            return penalty == null ? loss : loss.add(penalty);
          });
    }
  }

  /**
   * Checks the gradient of any loss with respect to every parameter of a model, as {@link
   * GradCheck#checkLoss} does, but with each report entry named by the parameter's full dotted path
   * from {@link Module#namedParameters()} ({@code fc1.weight}, {@code fc2.weight}), not by its
   * local name ({@code weight}, the same in every layer). The parameters' own names are restored
   * afterwards, and so are their values (promoted to float64 during the check).
   *
   * @param model the model whose parameters are checked
   * @param loss computes the loss from the current parameter values; deterministic (no dropout
   *     sampling, or a fixed seed)
   * @return the report, one entry per parameter in {@link Module#namedParameters()} order
   */
  public static GradCheckReport checkLoss(Module model, Supplier<Variable> loss) {
    Map<String, Parameter> params = model.namedParameters();
    List<String> localNames = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      localNames.add(e.getValue().name());
      e.getValue().named(e.getKey());
    }
    try {
      return GradCheck.defaults().checkLoss(loss, params.values().toArray(new Parameter[0]));
    } finally {
      int i = 0;
      for (Parameter p : params.values()) {
        p.named(localNames.get(i++));
      }
    }
  }
}
