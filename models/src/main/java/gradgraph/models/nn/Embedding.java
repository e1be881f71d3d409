package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Randoms;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.init.Initializer;
import gradgraph.ops.Ops;
import gradgraph.ops.shape.IndexSelect;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A lookup table of word vectors, the sequel's {@code Embedding}: row {@code id} of {@code weight}
 * is the vector of word {@code id}.
 *
 * <ul>
 *   <li>input {@code ids}: integer-valued numbers of any shape {@code [...]} (any dtype; {@code
 *       [N]} for a batch of words, {@code [N, T]} for a batch of sequences), each in {@code [0,
 *       vocab)}
 *   <li>parameter: {@code weight} {@code [vocab, dim]}, drawn by the initializer (default: normal
 *       with standard deviation 0.01, as the sequel draws its embeddings); weight decay applies
 *   <li>output: {@code [..., dim]}
 * </ul>
 *
 * <p>Built on {@link Ops#embedding}, whose backward is an index-add: the gradient of {@code weight}
 * is non-zero only in the rows of the ids seen, repeated ids accumulating (the sequel's {@code
 * np.add.at}). The ids get no gradient.
 */
public final class Embedding extends Module {
  private final int vocab;
  private final int dim;
  private final Parameter weight;

  /**
   * Creates a FLOAT32 table drawn from {@code N(0, 0.01²)} with seed 0.
   *
   * @param vocab the vocabulary size (number of rows)
   * @param dim the vector size
   */
  public Embedding(int vocab, int dim) {
    this(vocab, dim, 0L);
  }

  /**
   * Creates a FLOAT32 table drawn from {@code N(0, 0.01²)} with a seed.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param seed the seed of the draw
   */
  public Embedding(int vocab, int dim, long seed) {
    this(vocab, dim, Init.std(0.01), new Well19937c(seed), DType.FLOAT32);
  }

  /**
   * Creates a FLOAT32 table.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param init the initializer (called with fan-in {@code dim})
   * @param rng the seeded generator to draw from (advanced)
   */
  public Embedding(int vocab, int dim, Initializer init, RandomGenerator rng) {
    this(vocab, dim, init, rng, DType.FLOAT32);
  }

  /**
   * Creates a FLOAT32 table drawing from a JDK generator ({@code new SplittableRandom(42)}).
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param init the initializer (called with fan-in {@code dim})
   * @param rng the seeded JDK generator to draw from (advanced)
   */
  public Embedding(int vocab, int dim, Initializer init, java.util.random.RandomGenerator rng) {
    this(vocab, dim, init, Randoms.of(rng), DType.FLOAT32);
  }

  /**
   * Creates a table.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param init the initializer (called with fan-in {@code dim})
   * @param rng the seeded generator to draw from (advanced)
   * @param dtype the parameter's element type
   */
  public Embedding(int vocab, int dim, Initializer init, RandomGenerator rng, DType dtype) {
    Errors.check(
        vocab > 0 && dim > 0, "Embedding", "vocab/dim", "must be > 0, got " + vocab + ", " + dim);
    this.vocab = vocab;
    this.dim = dim;
    this.weight =
        register("weight", new Parameter(init.draw(rng, dtype, dim, vocab, dim), "weight"));
  }

  /**
   * Looks up the vectors of ids given as a tensor.
   *
   * @param ids integer-valued ids of any shape {@code [...]}
   * @return {@code [..., dim]}
   * @throws IllegalArgumentException naming {@code Embedding}, the id and the vocabulary size, when
   *     an id is out of range or not a whole number
   */
  @Override
  protected Variable forward(Variable ids) {
    Tensor t = ids.value();
    IndexSelect.indices("Embedding", t, vocab);
    return Ops.embedding(weight, t);
  }

  /**
   * Looks up the vectors of ids given as ints.
   *
   * @param ids the ids, row-major
   * @param shape the ids' shape (its sizes multiply to {@code ids.length}); none for {@code [N]}
   * @return {@code [...shape, dim]}
   */
  public Variable apply(int[] ids, int... shape) {
    int[] s = shape.length == 0 ? new int[] {ids.length} : shape;
    long n = 1;
    for (int d : s) {
      n *= d;
    }
    Errors.check(
        n == ids.length,
        "Embedding",
        "shape",
        ids.length + " ids do not fill " + Errors.shape(s) + " (" + n + " entries)");
    double[] d = new double[ids.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = ids[i];
    }
    return apply(Tensor.of(d, s));
  }

  /**
   * Returns the table {@code [vocab, dim]}.
   *
   * @return the parameter
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Returns the vocabulary size.
   *
   * @return the number of rows
   */
  public int vocab() {
    return vocab;
  }

  /**
   * Returns the vector size.
   *
   * @return the number of columns
   */
  public int dim() {
    return dim;
  }

  @Override
  protected String describe() {
    return "Embedding(" + vocab + " x " + dim + ")";
  }
}
