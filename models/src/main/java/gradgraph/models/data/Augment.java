package gradgraph.models.data;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Random image augmentation for the CNN examples, applied to a batch of images {@code [N, C, H,
 * W]}: each image independently, with the same random choice for all of its channels.
 *
 * <p>In order: a horizontal flip with probability {@code flip}; a random shift of up to {@code
 * shift} pixels in each direction; a rotation by an angle drawn uniformly from {@code [−rotate,
 * rotate]} degrees about the centre (bilinear); a random {@code crop × crop} window of the image
 * padded by {@code padding} pixels on each side (the output is then {@code [N, C, crop, crop]}).
 * Pixels that come from outside the image take the background value, the channel's smallest value
 * (0 for raw images, the standardized black for normalized ones). Every step is off by default.
 *
 * <pre>{@code
 * Augment aug = Augment.builder().flip(0.5).shift(2).rotate(10).seed(42).build();
 * DataLoader loader = new DataLoader(train, 100, true, 42, false).withTransform(aug);
 * }</pre>
 *
 * <p>The generator is seeded: the same seed and the same sequence of batches give the same output.
 * An instance is not thread-safe. Use it for training only; evaluate on the plain images.
 */
public final class Augment implements UnaryOperator<Tensor> {
  private final double flip;
  private final int shift;
  private final double rotate;
  private final int crop;
  private final int padding;
  private final long seed;
  private final RandomGenerator rng;

  private Augment(Builder b) {
    this.flip = b.flip;
    this.shift = b.shift;
    this.rotate = b.rotate;
    this.crop = b.crop;
    this.padding = b.padding;
    this.seed = b.seed;
    this.rng = new Well19937c(b.seed);
  }

  /**
   * Returns the same augmentation with a fresh generator seeded with {@code newSeed}; the trainer
   * derives one per epoch so that a resumed run draws the same transformations as an uninterrupted
   * one.
   *
   * @param newSeed the new seed
   * @return a new augmenter with this one's settings
   */
  public Augment withSeed(long newSeed) {
    Builder b = builder().flip(flip).shift(shift).rotate(rotate).seed(newSeed);
    if (crop > 0) {
      b.crop(crop, padding);
    }
    return b.build();
  }

  /**
   * Parses a command-line specification: comma-separated steps {@code flip[=P]} (P defaults to
   * 0.5), {@code shift=N}, {@code rotate=DEGREES}, {@code crop=SIZE[:PADDING]}, e.g. {@code
   * flip,shift=2}.
   *
   * @param spec the specification
   * @param seed the generator's seed
   * @return the augmenter
   * @throws IllegalArgumentException naming the step and the value when the text is not valid
   */
  public static Augment parse(String spec, long seed) {
    Builder b = builder().seed(seed);
    if (spec == null || spec.isBlank()) {
      throw Errors.illegalArgument(
          "Augment",
          "spec",
          "is empty; expected e.g. flip,shift=2 (steps: flip, shift, rotate, crop)");
    }
    for (String part : spec.split(",")) {
      String step = part.strip();
      int eq = step.indexOf('=');
      String name = eq < 0 ? step : step.substring(0, eq).strip();
      String value = eq < 0 ? null : step.substring(eq + 1).strip();
      try {
        switch (name) {
          case "flip" -> b.flip(value == null ? 0.5 : Double.parseDouble(value));
          case "shift" -> b.shift(Integer.parseInt(required(name, value)));
          case "rotate" -> b.rotate(Double.parseDouble(required(name, value)));
          case "crop" -> {
            String[] sp = required(name, value).split(":");
            b.crop(
                Integer.parseInt(sp[0].strip()),
                sp.length > 1 ? Integer.parseInt(sp[1].strip()) : 0);
          }
          default ->
              throw Errors.illegalArgument(
                  "Augment",
                  "spec",
                  "unknown step '"
                      + name
                      + "' in '"
                      + spec
                      + "'; steps are flip[=P], shift=N, rotate=DEGREES, crop=SIZE[:PADDING]");
        }
      } catch (NumberFormatException e) {
        throw Errors.illegalArgument(
            "Augment", "spec", "step '" + step + "' in '" + spec + "' needs a number");
      }
    }
    return b.build();
  }

  private static String required(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw Errors.illegalArgument(
          "Augment", "spec", "step '" + name + "' needs a value: " + name + "=...");
    }
    return value;
  }

  /**
   * Starts a configuration with every step off and seed 0.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks that this augmentation fits images of a size: a crop window must fit in the padded
   * image. Call it before training, so that a bad {@code crop} fails at once.
   *
   * @param height the images' height
   * @param width their width
   * @throws IllegalArgumentException naming the crop and the padded size when it does not fit
   */
  public void checkFits(int height, int width) {
    if (crop > 0 && (crop > height + 2 * padding || crop > width + 2 * padding)) {
      throw Errors.illegalArgument(
          "Augment",
          "crop",
          crop
              + " is larger than the padded image "
              + (height + 2 * padding)
              + "x"
              + (width + 2 * padding));
    }
  }

  /**
   * Returns the side of the crop window.
   *
   * @return the crop size, or 0 when the augmentation does not crop
   */
  public int cropSize() {
    return crop;
  }

  /**
   * Augments a batch of images.
   *
   * @param x images {@code [N, C, H, W]}, FLOAT32 or FLOAT64
   * @return augmented images, same dtype, {@code [N, C, H, W]} or {@code [N, C, crop, crop]}
   */
  @Override
  public Tensor apply(Tensor x) {
    if (x.rank() != 4) {
      throw Errors.illegalArgument(
          "Augment", "x", "must be images [N, C, H, W], got shape " + Arrays.toString(x.shape()));
    }
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int w = x.dim(3);
    checkFits(h, w);
    int oh = crop > 0 ? crop : h;
    int ow = crop > 0 ? crop : w;
    double[] in = x.toDoubleArray();
    double[] out = new double[n * c * oh * ow];
    double[] a = new double[h * w];
    double[] b = new double[h * w];
    for (int i = 0; i < n; i++) {
      boolean doFlip = flip > 0 && rng.nextDouble() < flip;
      int dy = shift > 0 ? rng.nextInt(2 * shift + 1) - shift : 0;
      int dx = shift > 0 ? rng.nextInt(2 * shift + 1) - shift : 0;
      double angle = rotate > 0 ? Math.toRadians((2 * rng.nextDouble() - 1) * rotate) : 0;
      int oy = crop > 0 ? rng.nextInt(h + 2 * padding - crop + 1) - padding : 0;
      int ox = crop > 0 ? rng.nextInt(w + 2 * padding - crop + 1) - padding : 0;
      for (int ch = 0; ch < c; ch++) {
        System.arraycopy(in, (i * c + ch) * h * w, a, 0, h * w);
        // pixels moved in from outside take the background: the channel's smallest value (0 for raw
        // images, the standardized black for normalized ones)
        double fill = a[0];
        for (int k = 1; k < h * w; k++) {
          fill = Math.min(fill, a[k]);
        }
        if (doFlip) {
          for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
              b[y * w + xx] = a[y * w + (w - 1 - xx)];
            }
          }
          System.arraycopy(b, 0, a, 0, h * w);
        }
        if (dy != 0 || dx != 0) {
          // out(y, x) = in(y - dy, x - dx): content moves down/right by (dy, dx)
          for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
              int sy = y - dy;
              int sx = xx - dx;
              b[y * w + xx] = sy >= 0 && sy < h && sx >= 0 && sx < w ? a[sy * w + sx] : fill;
            }
          }
          System.arraycopy(b, 0, a, 0, h * w);
        }
        if (angle != 0) {
          rotate(a, b, h, w, angle, fill);
          System.arraycopy(b, 0, a, 0, h * w);
        }
        int base = (i * c + ch) * oh * ow;
        if (crop > 0) {
          for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
              int sy = y + oy;
              int sx = xx + ox;
              out[base + y * ow + xx] =
                  sy >= 0 && sy < h && sx >= 0 && sx < w ? a[sy * w + sx] : fill;
            }
          }
        } else {
          System.arraycopy(a, 0, out, base, h * w);
        }
      }
    }
    Tensor t = Tensor.of(out, n, c, oh, ow);
    return x.dtype() == DType.FLOAT64 ? t : t.to(DType.FLOAT32);
  }

  /** Rotates {@code src} by {@code angle} (radians, counter-clockwise) into {@code dst}. */
  private static void rotate(double[] src, double[] dst, int h, int w, double angle, double fill) {
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // inverse map: where in the source does this output pixel come from
        double ry = y - cy;
        double rx = x - cx;
        double sx = cos * rx - sin * ry + cx;
        double sy = sin * rx + cos * ry + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        dst[y * w + x] =
            (1 - fy)
                    * ((1 - fx) * at(src, h, w, y0, x0, fill)
                        + fx * at(src, h, w, y0, x0 + 1, fill))
                + fy
                    * ((1 - fx) * at(src, h, w, y0 + 1, x0, fill)
                        + fx * at(src, h, w, y0 + 1, x0 + 1, fill));
      }
    }
  }

  private static double at(double[] a, int h, int w, int y, int x, double fill) {
    return y >= 0 && y < h && x >= 0 && x < w ? a[y * w + x] : fill;
  }

  @Override
  public String toString() {
    return "Augment(flip="
        + flip
        + ", shift="
        + shift
        + ", rotate="
        + rotate
        + ", crop="
        + crop
        + ", padding="
        + padding
        + ", seed="
        + seed
        + ")";
  }

  /** Configures an {@link Augment}. */
  public static final class Builder {
    private double flip;
    private int shift;
    private double rotate;
    private int crop;
    private int padding;
    private long seed;

    private Builder() {}

    /**
     * Flips horizontally with a probability.
     *
     * @param probability in {@code [0, 1]}; 0.5 is usual
     * @return this builder
     */
    public Builder flip(double probability) {
      Errors.check(
          probability >= 0 && probability <= 1,
          "Augment",
          "flip",
          "must be in [0, 1], got " + probability);
      this.flip = probability;
      return this;
    }

    /**
     * Shifts by a random whole number of pixels in each direction.
     *
     * @param maxPixels the largest shift, at least 0
     * @return this builder
     */
    public Builder shift(int maxPixels) {
      Errors.check(maxPixels >= 0, "Augment", "shift", "must be >= 0, got " + maxPixels);
      this.shift = maxPixels;
      return this;
    }

    /**
     * Rotates by a random small angle.
     *
     * @param maxDegrees the largest angle either way, in {@code [0, 180]}
     * @return this builder
     */
    public Builder rotate(double maxDegrees) {
      Errors.check(
          maxDegrees >= 0 && maxDegrees <= 180,
          "Augment",
          "rotate",
          "must be in [0, 180] degrees, got " + maxDegrees);
      this.rotate = maxDegrees;
      return this;
    }

    /**
     * Crops a random square window from the image padded with zeros.
     *
     * @param size the output's height and width, at least 1
     * @param padding zeros added on each side before cropping, at least 0
     * @return this builder
     */
    public Builder crop(int size, int padding) {
      Errors.check(size >= 1, "Augment", "crop", "size must be >= 1, got " + size);
      Errors.check(padding >= 0, "Augment", "padding", "must be >= 0, got " + padding);
      this.crop = size;
      this.padding = padding;
      return this;
    }

    /**
     * Seeds the generator.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Creates the augmenter.
     *
     * @return a new {@link Augment} with a fresh generator
     */
    public Augment build() {
      return new Augment(this);
    }
  }
}
