package org.elbostream.cli.offline;

import org.elbostream.trainer.impute.ModelShape;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads impute-eval's {@code --candidate WIDTHS:LATENT:K} as a {@link ModelShape}. */
final class ModelShapeConverter implements ITypeConverter<ModelShape> {
  @Override
  public ModelShape convert(String value) {
    try {
      return ModelShape.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
