package org.elbostream.model.noise;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Noise for the reparameterisation (standard normal) and for binary units (uniform), drawn on the
 * JVM side so a run is reproducible from a seed alone, independent of the engine's generator and of
 * thread scheduling.
 */
public final class RecordNoise {
  /** The distribution of a batch's draws. */
  public enum Draw {
    /** Standard normal, by {@link #fill}. */
    GAUSSIAN,
    /** Uniform on [0, 1). */
    UNIFORM
  }

  private RecordNoise() {}

  /**
   * The seed of a record's own draws (a sampler's, when it imputes) from where it sits in Kafka: a
   * replay draws the same numbers, and an offline run that gives each row the seed of the offset
   * it would take draws them too.
   */
  public static long seedOf(String topic, int partition, long offset) {
    long h = topic.hashCode() * 0x9E3779B97F4A7C15L + partition;
    return new SplittableRandom(h * 0xBF58476D1CE4E5B9L + offset).nextLong();
  }

  /**
   * {@code perRow} draws for each row, the rows' one after another: each row's from a seed of its own
   * values when {@code perRecord} (so a replayed record scores the same), else from {@code shared}.
   */
  public static float[] forRows(List<double[]> rows, int perRow, boolean perRecord, SplittableRandom shared,
      Draw draw) {
    float[] out = new float[rows.size() * perRow];
    for (int i = 0; i < rows.size(); i++) {
      SplittableRandom r = perRecord ? new SplittableRandom(seedOf(rows.get(i), 0)) : shared;
      if (draw == Draw.GAUSSIAN) {
        fill(r, out, i * perRow, perRow);
      } else {
        for (int k = 0; k < perRow; k++) {
          out[i * perRow + k] = (float) r.nextDouble();
        }
      }
    }
    return out;
  }

  /** A 64-bit seed from a record's values: the same values always give the same seed. */
  public static long seedOf(double[] row, long salt) {
    long h = salt ^ 0x632BE59BD9B4E019L;
    for (double v : row) {
      h = Long.rotateLeft(h ^ Double.doubleToLongBits(v), 27) * 0x9E3779B97F4A7C15L;
    }
    return h;
  }

  /** One standard normal draw, by the same StrictMath Box–Muller as {@link #fill}. */
  public static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
  }

  /**
   * Fills {@code out[offset .. offset+count)} with standard normal draws by Box–Muller on
   * {@link StrictMath}. Not {@code Random.nextGaussian}: it uses {@code Math.log}, which the JIT may
   * replace by an intrinsic differing in the last bit, so the same seed could give different noise
   * before and after a method is compiled, and a training run would not repeat.
   */
  public static void fill(SplittableRandom random, float[] out, int offset, int count) {
    for (int i = 0; i < count; i += 2) {
      double u = 1.0 - random.nextDouble(); // (0, 1]: log is finite
      double v = random.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u));
      double angle = 2.0 * StrictMath.PI * v;
      out[offset + i] = (float) (r * StrictMath.cos(angle));
      if (i + 1 < count) {
        out[offset + i + 1] = (float) (r * StrictMath.sin(angle));
      }
    }
  }
}
