package org.elbostream.model.kind;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.elbostream.model.bundle.BundleFormatException;
import org.elbostream.model.bundle.Manifest;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.net.Architecture;

/**
 * A kind of model: how its networks are built from the bundle's architecture, which parameter files
 * hold them, and how they are loaded to score and impute. The rest of the code asks the kind and
 * never tells the kinds apart by itself.
 *
 * <p>Adding a kind: one class here, listed in {@link #KINDS} and in {@code permits}, and its fitter
 * in the trainer module (a KindFitter).
 */
public sealed interface ModelKind permits LatentGaussianKind, TemporalGaussianKind, SigmoidBeliefKind {
  /** Every kind, asked in order which one an architecture describes. */
  List<ModelKind> KINDS = List.of(LatentGaussianKind.INSTANCE, TemporalGaussianKind.INSTANCE,
      SigmoidBeliefKind.INSTANCE);

  /** The kind's name, for messages and logs. */
  String id();

  /** Whether networks of this architecture are of this kind. */
  boolean describes(Architecture architecture);

  /**
   * The parameter files a bundle of this kind holds, in the order its content hash reads them, each
   * with what it holds (said when it is missing).
   */
  Map<String, String> parameterFiles(Manifest manifest);

  /**
   * Rebuilds the bundle's networks from its architecture and loads its parameters into
   * {@code manager}.
   *
   * @throws BundleFormatException when the parameters do not fit the architecture
   */
  LoadedModel load(ModelBundle bundle, NDManager manager) throws BundleFormatException;

  /** The kind of networks of this architecture. */
  static ModelKind of(Architecture architecture) {
    for (ModelKind kind : KINDS) {
      if (kind.describes(architecture)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no model kind has networks of " + architecture);
  }

  /** The kind of the bundle's model. */
  static ModelKind of(ModelBundle bundle) {
    return of(bundle.manifest().architecture());
  }
}
