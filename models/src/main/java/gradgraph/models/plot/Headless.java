package gradgraph.models.plot;

/** Puts AWT in headless mode before the first image is drawn, unless the user chose otherwise. */
final class Headless {
  private Headless() {}

  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
