package org.elbostream.cli.demo;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.feature.FieldSpec;
import org.elbostream.streams.serde.SingleObjectCodec;

/**
 * Turns table rows into what a producer would publish: Avro single-object records in the model's
 * input schema, with a share of the nullable fields blanked at random (seeded) to exercise imputation.
 */
public final class ReplayEncoder {
  private final Schema schema;
  private final List<FieldSpec> features;
  private final SingleObjectCodec codec;
  private final SplittableRandom random;
  private final double blank;

  public ReplayEncoder(ModelBundle bundle, double blank, long seed) {
    this.schema = new Schema.Parser().parse(bundle.manifest().inputSchema());
    this.features = bundle.featureSpec().features();
    this.codec = SingleObjectCodec.writerOnly(schema);
    this.random = new SplittableRandom(seed);
    this.blank = blank;
  }

  /** Encodes {@code row}; {@code blanked} (one per feature) is set to which fields were left out. */
  public byte[] encode(double[] row, boolean[] blanked) {
    return codec.encode(record(row, blanked));
  }

  /** The record {@link #encode} would encode. */
  public GenericData.Record record(double[] row, boolean[] blanked) {
    GenericData.Record r = new GenericData.Record(schema);
    for (int j = 0; j < row.length; j++) {
      FieldSpec f = features.get(j);
      blanked[j] = f.nullable() && random.nextDouble() < blank;
      r.put(f.name(), blanked[j] || Double.isNaN(row[j]) ? null : row[j]);
    }
    return r;
  }
}
