package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Renders with each engine, forced: the bundled one (what a machine without Graphviz uses), the
 * {@code dot} command when it is installed, and none at all.
 */
class RenderTest {
  @TempDir Path dir;

  @AfterEach
  void restorePath() {
    Rendering.pathOverride = null;
  }

  @Test
  void bundledEngineWritesSvgAndPngWithoutGraphviz() throws Exception {
    Rendering.pathOverride = Files.createDirectories(dir.resolve("empty-bin")).toString();
    assertEquals(List.of(RenderEngine.BUNDLED), Rendering.candidates(RenderEngine.AUTO));
    Diagram d = AppleGraphs.diagram(AppleGraphs.apple(), "apple"); // AUTO: no dot here
    checkSvg(d.writeSvg(dir.resolve("apple.svg")));
    checkPng(d.writePng(dir.resolve("apple.png")));
    checkSvg(d.engine(RenderEngine.BUNDLED).write(dir.resolve("forced.svg")));
  }

  @Test
  void dotCommandWritesSvgAndPngWhenInstalled() throws Exception {
    assumeTrue(Rendering.findDot() != null, "the dot command is not on PATH");
    assertEquals(
        List.of(RenderEngine.DOT_COMMAND, RenderEngine.BUNDLED),
        Rendering.candidates(RenderEngine.AUTO));
    Diagram d =
        AppleGraphs.diagram(AppleGraphs.appleOrange(), "apple-orange")
            .engine(RenderEngine.DOT_COMMAND);
    checkSvg(d.writeSvg(dir.resolve("apple-orange.svg")));
    checkPng(d.writePng(dir.resolve("apple-orange.png")));
  }

  @Test
  void pdfComesFromTheDotCommandAndTheBundledEngineSaysItDrawsNone() throws Exception {
    assumeTrue(Rendering.findDot() != null, "the dot command is not on PATH");
    Path pdf = Diagram.of(AppleGraphs.apple()).write(dir.resolve("apple.pdf"));
    byte[] bytes = Files.readAllBytes(pdf);
    assertEquals("%PDF-", new String(bytes, 0, 5, StandardCharsets.US_ASCII));
    Diagram bundled = Diagram.of(AppleGraphs.apple()).engine(RenderEngine.BUNDLED);
    RenderException e =
        assertThrows(RenderException.class, () -> bundled.write(dir.resolve("b.pdf")));
    assertTrue(e.getMessage().contains("PDF needs the dot command"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("b.pdf")));
    assertTrue(Files.exists(dir.resolve("b.dot")), "the DOT text is kept");
  }

  @Test
  void dotCommandPngHasPngPixelsPerPointScale() throws Exception {
    assumeTrue(Rendering.findDot() != null, "the dot command is not on PATH");
    Diagram d = Diagram.of(AppleGraphs.apple()).engine(RenderEngine.DOT_COMMAND);
    BufferedImage one = d.pngScale(1).toImage();
    BufferedImage two = d.pngScale(2).toImage();
    assertTrue(
        Math.abs(two.getWidth() - 2 * one.getWidth()) <= 2, one.getWidth() + " " + two.getWidth());
    assertTrue(Math.abs(two.getHeight() - 2 * one.getHeight()) <= 2);
  }

  @Test
  void labelsStayInsideTheirBoxesWithRoomToSpare() throws Exception {
    assumeTrue(Rendering.findDot() != null, "the dot command is not on PATH");
    Diagram d = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT);
    Document svg = checkSvg(d.engine(RenderEngine.DOT_COMMAND).writeSvg(dir.resolve("m.svg")));
    var groups = svg.getElementsByTagNameNS("*", "g");
    int boxes = 0;
    for (int i = 0; i < groups.getLength(); i++) {
      var g = (org.w3c.dom.Element) groups.item(i);
      var paths = g.getElementsByTagNameNS("*", "path");
      if (!"node".equals(g.getAttribute("class")) || paths.getLength() == 0) {
        continue;
      }
      boxes++;
      double[] box = bounds(((org.w3c.dom.Element) paths.item(0)).getAttribute("d"));
      var texts = g.getElementsByTagNameNS("*", "text");
      double left = Double.MAX_VALUE;
      for (int t = 0; t < texts.getLength(); t++) {
        var text = (org.w3c.dom.Element) texts.item(t);
        double x = Double.parseDouble(text.getAttribute("x"));
        double y = Double.parseDouble(text.getAttribute("y"));
        assertTrue(y > box[1] && y < box[3], "line inside the box, top to bottom");
        if (text.getAttribute("text-anchor").equals("start")) {
          left = Math.min(left, x);
        }
      }
      // lines are centred, so the widest line's room on the left is its room on the right too
      String name = g.getElementsByTagNameNS("*", "title").item(0).getTextContent();
      assertTrue(left - box[0] >= 12, name + ": " + (left - box[0]) + " pt of margin");
    }
    assertEquals(4, boxes, "fc1, act1, fc2, loss");
  }

  /** min x, min y, max x, max y of an SVG path's coordinates. */
  private static double[] bounds(String path) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    var m = java.util.regex.Pattern.compile("(-?[0-9.]+),(-?[0-9.]+)").matcher(path);
    while (m.find()) {
      double x = Double.parseDouble(m.group(1));
      double y = Double.parseDouble(m.group(2));
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
    return b;
  }

  @Test
  void autoFallsBackToTheBundledEngineWhenTheDotCommandFails() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path bin = Files.createDirectories(dir.resolve("broken-bin"));
    Path dot = Files.writeString(bin.resolve("dot"), "#!/bin/sh\necho broken >&2\nexit 3\n");
    Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
    Rendering.pathOverride = bin.toString();
    assertEquals(
        List.of(RenderEngine.DOT_COMMAND, RenderEngine.BUNDLED),
        Rendering.candidates(RenderEngine.AUTO));
    checkSvg(Diagram.of(AppleGraphs.apple()).writeSvg(dir.resolve("apple.svg")));
    RenderException e =
        assertThrows(
            RenderException.class,
            () -> Diagram.of(AppleGraphs.apple()).engine(RenderEngine.DOT_COMMAND).toSvg());
    assertTrue(
        e.getMessage()
            .startsWith(
                "no Graphviz engine could render the diagram (the dot"
                    + " command ("
                    + dot.toAbsolutePath()
                    + ") failed: "),
        e.getMessage());
    assertEquals(null, e.dotFile(), "toSvg writes no file");
  }

  @Test
  void withNoEngineTheDotFileIsWrittenAndTheMessageSaysWhatToInstall() throws Exception {
    Rendering.pathOverride = Files.createDirectories(dir.resolve("empty-bin")).toString();
    Diagram d = Diagram.of(AppleGraphs.apple()).engine(RenderEngine.DOT_COMMAND);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("apple.png"), "an older picture");
    for (String name : new String[] {"apple.svg", "apple.png"}) {
      RenderException e = assertThrows(RenderException.class, () -> d.write(out.resolve(name)));
      assertTrue(e.getMessage().contains("the dot command is not on PATH"), e.getMessage());
      assertTrue(e.getMessage().contains("sudo apt-get install graphviz"), e.getMessage());
      assertTrue(e.getMessage().contains("written to " + out.resolve("apple.dot")));
      assertEquals(out.resolve("apple.dot"), e.dotFile());
      assertEquals(d.toDot(), Files.readString(e.dotFile()));
    }
    assertFalse(Files.exists(out.resolve("apple.svg")), "no broken SVG");
    assertEquals("an older picture", Files.readString(out.resolve("apple.png")), "untouched");
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(2, files.count(), "no temporary files left");
    }
  }

  @Test
  void appleCommandWritesSixFilesAndPrintsValuesAndGradients() throws Exception {
    Rendering.pathOverride = Files.createDirectories(dir.resolve("empty-bin")).toString();
    String summary = AppleGraphs.writeAll(dir.resolve("figures"));
    for (String f :
        new String[] {
          "apple.dot",
          "apple.svg",
          "apple.png",
          "apple-orange.dot",
          "apple-orange.svg",
          "apple-orange.png"
        }) {
      assertTrue(Files.size(dir.resolve("figures").resolve(f)) > 0, f);
      assertTrue(summary.contains(f), summary);
    }
    checkSvg(dir.resolve("figures/apple-orange.svg"));
    checkPng(dir.resolve("figures/apple-orange.png"));
    assertTrue(summary.startsWith("apple: price = 220\n"), summary);
    assertTrue(summary.contains("apple count = 2        d price / d apple count = 110"), summary);
    assertTrue(summary.contains("apple-orange: price = 715\n"), summary);
    assertTrue(summary.contains("tax          = 1.1      d price / d tax = 650"), summary);
    assertTrue(summary.contains("+ (200, 450) -> 650, gradient 1.1"), summary);
  }

  @Test
  void compactDiagramOfAScopedModelRenders() throws Exception {
    Rendering.pathOverride = Files.createDirectories(dir.resolve("empty-bin")).toString();
    Diagram d = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT);
    Document svg = checkSvg(d.writeSvg(dir.resolve("mlp.svg")));
    assertTrue(svg.getDocumentElement().getTextContent().contains("fc1"));
  }

  private static Document checkSvg(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    // never fetch the SVG DTD from the network
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.contains("<text"), "has labels");
    return doc;
  }

  private static void checkPng(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    assertNotNull(img, "ImageIO decodes " + file);
    assertTrue(
        img.getWidth() > 100 && img.getHeight() > 50, img.getWidth() + "x" + img.getHeight());
    int dark = 0;
    int red = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int a = (rgb >>> 24) & 0xff;
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (a > 128 && r < 80 && g < 80 && b < 80) {
          dark++;
        }
        if (a > 128 && r > 150 && g < 90 && b < 90) {
          red++;
        }
      }
    }
    assertTrue(dark > 500, "black strokes and text: " + dark + " pixels");
    assertTrue(red > 100, "red gradient edges: " + red + " pixels");
  }
}
