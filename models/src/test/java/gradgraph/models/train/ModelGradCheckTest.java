package gradgraph.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Parameter;
import gradgraph.models.zoo.ResidualNet;
import gradgraph.models.zoo.TwoLayerNet;
import gradgraph.ops.Ops;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ModelGradCheckTest {
  @Test
  void aWholeModelsReportNamesEveryParameterByItsDottedPath() {
    TwoLayerNet net = new TwoLayerNet(4, 3, 2, 7);
    Tensor x = Tensor.randn(new Well19937c(1), DType.FLOAT64, 0, 1, 5, 4);
    int[] t = {0, 1, 1, 0, 1};
    List<String> before = net.parameters().stream().map(Parameter::name).toList();
    GradCheckReport r =
        ModelGradCheck.checkLoss(net, () -> Ops.softmaxCrossEntropy(net.apply(x), t));
    assertTrue(r.passed(), r.toString());
    assertEquals(
        List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
        r.entries().stream().map(GradCheckReport.Entry::input).toList());
    assertTrue(r.toString().contains("fc1.weight") && r.toString().contains("fc2.weight"));
    assertEquals(before, net.parameters().stream().map(Parameter::name).toList(), "restored");
    assertEquals(DType.FLOAT32, net.parameters().get(0).value().dtype(), "values restored");
  }

  @Test
  void theResidualNetPassesWithItsBlocksNamedByPath() {
    GradCheckReport r = ModelGradCheck.check("resnet", 42);
    assertTrue(r.passed(), r.toString());
    List<String> names = r.entries().stream().map(GradCheckReport.Entry::input).toList();
    assertEquals(new ResidualNet(2, 42).namedParameters().keySet().stream().toList(), names);
    assertTrue(
        names.contains("block1.conv1.weight") && names.contains("block2.bn2.gamma"),
        names.toString());
    assertTrue(ModelGradCheck.names().contains("resnet"));
  }

  @Test
  void theLstmLanguageModelPassesThroughBothLayersFusedBackward() {
    GradCheckReport r = ModelGradCheck.check("lstm-lm", 42);
    assertTrue(r.passed(), r.toString());
    List<String> names = r.entries().stream().map(GradCheckReport.Entry::input).toList();
    assertEquals(
        new gradgraph.models.zoo.LstmLanguageModel(
                new gradgraph.models.zoo.LstmLanguageModel.Config(7, 4, 5, 2, 0, 42))
            .namedParameters().keySet().stream().toList(),
        names);
    assertTrue(names.stream().anyMatch(n -> n.endsWith("layer1.Wh")), names.toString());
    assertTrue(ModelGradCheck.names().contains("lstm-lm"));
  }
}
