package org.elbostream.cli.bench;

import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.elbostream.streams.serde.DecodeException;
import org.elbostream.streams.serde.SingleObjectCodec;
import org.elbostream.streams.serde.WriterSchemas;

/**
 * The benchmark's floor: a topology that decodes each Avro record and writes it out again, so it
 * pays for Kafka, exactly-once and Avro but nothing of scoring. Scoring's rate is quoted against it.
 */
final class PassThroughTopology {
  private PassThroughTopology() {}

  static Topology build(String input, String output, Schema schema) {
    Topology topology = new Topology();
    topology.addSource("input", new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
    topology.addProcessor("copy", () -> new Copy(schema), "input");
    topology.addSink("output", output, new ByteArraySerializer(), new ByteArraySerializer(), "copy");
    return topology;
  }

  private static final class Copy implements Processor<byte[], byte[], byte[], byte[]> {
    private final Schema schema;
    private SingleObjectCodec codec;
    private ProcessorContext<byte[], byte[]> context;

    Copy(Schema schema) {
      this.schema = schema;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
      this.codec = new SingleObjectCodec(schema, new WriterSchemas());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      try {
        context.forward(record.withValue(codec.encode(codec.decode(record.value()))));
      } catch (DecodeException e) {
        throw new IllegalStateException("benchmark input does not decode: " + e.getMessage(), e);
      }
    }
  }
}
