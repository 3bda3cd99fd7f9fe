package org.elbostream.cli.service;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.elbostream.streams.ScoringService;
import org.elbostream.streams.config.ServiceConfig;
import org.elbostream.streams.scoring.ScorerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elbostream serve}: run the scoring service until stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the streaming service: score, flag and impute every record of the input topic.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Properties file: Kafka Streams keys and the"
      + " service's elbostream.* keys (see docs/service.md). ELBOSTREAM_* and KAFKA_* environment variables override it.")
  Path config;

  @Override
  public Integer call() throws Exception {
    ServiceConfig settings = ServiceConfig.load(config, System.getenv());
    ScoringService service = ScoringService.start(settings, ScorerFactory.networks(settings));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "elbostream-shutdown"));
    stopped.await();
    return 0;
  }
}
