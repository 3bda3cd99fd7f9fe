package org.elbostream.model.imputation;

/**
 * How long the samplers run.
 *
 * @param burnIn chain steps discarded before the draws are kept (the chains)
 * @param draws chain steps kept, or importance samples K (importance resampling)
 */
public record ImputationOptions(int burnIn, int draws) {

  public static ImputationOptions defaults() {
    return new ImputationOptions(50, 200);
  }

  public ImputationOptions {
    if (burnIn < 0 || draws < 2) {
      throw new IllegalArgumentException("need burnIn >= 0 and draws >= 2, got " + burnIn + " and " + draws);
    }
  }
}
