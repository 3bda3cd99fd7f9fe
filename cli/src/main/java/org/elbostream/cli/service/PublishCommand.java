package org.elbostream.cli.service;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.elbostream.model.bundle.ModelBundle;
import org.elbostream.model.format.BundleFormat;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.reload.ModelsTopic;
import org.elbostream.streams.reload.ServingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elbostream publish}: put a model bundle on the models topic; every instance swaps to it. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish a model bundle to the compacted models topic; running instances verify it and swap.")
public final class PublishCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model bundle directory (from `train`).")
  Path model;

  @Option(names = "--config", required = true, description = "The service's properties file: its brokers,"
      + " security settings, application.id and models topic are used.")
  Path config;

  @Override
  public Integer call() throws Exception {
    ServiceConfig settings = ServiceConfig.load(config, System.getenv());
    ModelBundle bundle = BundleFormat.read(model);
    ServingModel.of(bundle); // refuse here, not only in every instance, a bundle the service cannot read
    String topic = settings.getString(ServiceConfig.MODELS_TOPIC);
    Map<String, Object> client = settings.clientProperties();
    RecordMetadata at = ModelsTopic.publish(client, topic, settings.applicationId(), bundle);
    System.out.printf("published model %s to %s-%d@%d%n", bundle.version(), at.topic(), at.partition(), at.offset());
    return 0;
  }
}
