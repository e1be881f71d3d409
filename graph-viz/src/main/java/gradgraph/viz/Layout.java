package gradgraph.viz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates how wide a diagram would be laid out left to right, from the nodes and edges a painter
 * wrote, to resolve {@link Rankdir#AUTO}: the longest path, each node counted by its label's width
 * and each edge by its label's width or the rank separation, whichever is more. The estimate uses
 * average glyph widths (0.6 of the font size), which is close enough to choose a direction.
 */
final class Layout {
  /** Beyond this estimated width (points) AUTO lays the graph out top to bottom. */
  static final int AUTO_LR_LIMIT_POINTS = 1200;

  /** Graphviz's rank separation in the diagrams, 0.8 inch, in points. */
  static final double RANKSEP = 0.8 * 72;

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&[a-z#0-9]+;");
  private static final Pattern POINT_SIZE = Pattern.compile("POINT-SIZE=\"(\\d+)\"");

  private final Map<String, Double> nodeWidth = new LinkedHashMap<>();
  private final Map<String, Map<String, Double>> out = new LinkedHashMap<>();

  /** Notes a node and its width across the flow (points), its label drawn at {@code fontSize}. */
  void node(String id, String label, double fontSize, double margin, double minWidth) {
    double w = label == null ? minWidth : Math.max(minWidth, width(label, fontSize) + 2 * margin);
    nodeWidth.merge(id, w, Math::max);
  }

  /** Notes an edge and its label, if any. */
  void edge(String from, String to, String label, double fontSize) {
    double w = label == null ? RANKSEP : Math.max(RANKSEP, width(label, fontSize) + 10);
    out.computeIfAbsent(from, k -> new LinkedHashMap<>()).merge(to, w, Math::max);
    out.computeIfAbsent(to, k -> new LinkedHashMap<>());
  }

  /** The estimated left-to-right width of the longest path, in points. Iterative (Kahn's order). */
  double longestPath() {
    Map<String, Integer> indegree = new HashMap<>();
    for (String n : out.keySet()) {
      indegree.putIfAbsent(n, 0);
      for (String m : out.get(n).keySet()) {
        indegree.merge(m, 1, Integer::sum);
      }
    }
    Map<String, Double> dist = new HashMap<>();
    ArrayDeque<String> ready = new ArrayDeque<>();
    for (var e : indegree.entrySet()) {
      if (e.getValue() == 0) {
        ready.add(e.getKey());
        dist.put(e.getKey(), weight(e.getKey()));
      }
    }
    double best = 0;
    for (String n : nodeWidth.keySet()) {
      best = Math.max(best, weight(n)); // nodes without edges
    }
    while (!ready.isEmpty()) {
      String n = ready.poll();
      double d = dist.get(n);
      best = Math.max(best, d);
      for (var e : out.get(n).entrySet()) {
        String m = e.getKey();
        dist.merge(m, d + e.getValue() + weight(m), Math::max);
        if (indegree.merge(m, -1, Integer::sum) == 0) {
          ready.add(m);
        }
      }
    }
    return best;
  }

  /** The direction AUTO stands for here. */
  Rankdir resolve(Rankdir requested) {
    if (requested != Rankdir.AUTO) {
      return requested;
    }
    return longestPath() <= AUTO_LR_LIMIT_POINTS ? Rankdir.LR : Rankdir.TB;
  }

  private double weight(String id) {
    Double w = nodeWidth.get(id);
    return w == null ? 60 : w;
  }

  /**
   * The width of a DOT label value (quoted text or an HTML-like label) in points: its longest line,
   * lines of an HTML label at their own {@code POINT-SIZE} when they set one.
   */
  static double width(String label, double fontSize) {
    List<String> lines = new ArrayList<>();
    List<Double> sizes = new ArrayList<>();
    if (label.startsWith("<")) {
      String body = label.substring(1, label.length() - 1);
      for (String line : body.split("<BR/>", -1)) {
        Matcher m = POINT_SIZE.matcher(line);
        sizes.add(m.find() ? Double.parseDouble(m.group(1)) : fontSize);
        lines.add(ENTITY.matcher(TAG.matcher(line).replaceAll("")).replaceAll("x"));
      }
    } else {
      String body = label.startsWith("\"") ? label.substring(1, label.length() - 1) : label;
      for (String line : body.split("\\\\n", -1)) {
        lines.add(line.replace("\\\"", "\""));
        sizes.add(fontSize);
      }
    }
    double w = 0;
    for (int i = 0; i < lines.size(); i++) {
      w = Math.max(w, lines.get(i).codePointCount(0, lines.get(i).length()) * 0.6 * sizes.get(i));
    }
    return w;
  }
}
