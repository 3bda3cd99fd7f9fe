package org.elbostream.model.net;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The parameters of a list of blocks as one byte string, in DJL's own format, block after block:
 * what a bundle's parameter files hold, for every model kind.
 */
public final class BlockParameters {
  private BlockParameters() {}

  /** The blocks' parameters, in order. */
  public static byte[] save(List<? extends Block> blocks) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Block block : blocks) {
        block.saveParameters(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Fills the blocks, in order, with saved parameters and freezes them: no parameter records
   * gradients, so scoring on any thread builds no autograd graph.
   *
   * @throws IOException when the parameters do not fit the blocks
   */
  public static void load(List<? extends Block> blocks, byte[] parameters, NDManager manager) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters));
    try {
      for (Block block : blocks) {
        block.loadParameters(manager, in);
      }
    } catch (MalformedModelException | RuntimeException e) {
      throw new IOException("network parameters do not match the architecture: " + e.getMessage(), e);
    }
    for (Block block : blocks) {
      block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
    }
  }
}
