package org.elbostream.streams.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.elbostream.streams.config.ServiceConfig;

/** The settings a test service runs on: its own topics {@code <app>-in}, {@code <app>-scores}, ..., a model file. */
public final class TestSettings {
  private TestSettings() {}

  /** Without {@code bootstrap.servers}, which the caller's broker gives. */
  public static Map<String, Object> service(String app, Path stateDir, Path model, int batch) {
    Map<String, Object> p = new HashMap<>();
    p.put("application.id", app);
    p.put("state.dir", stateDir.toString());
    p.put("commit.interval.ms", "100");
    p.put(ServiceConfig.INPUT_TOPIC, app + "-in");
    p.put(ServiceConfig.IMPUTED_TOPIC, app + "-imputed");
    p.put(ServiceConfig.SCORES_TOPIC, app + "-scores");
    p.put(ServiceConfig.ALERTS_TOPIC, app + "-alerts");
    p.put(ServiceConfig.INCIDENTS_TOPIC, app + "-incidents");
    p.put(ServiceConfig.DEAD_LETTER_TOPIC, app + "-dlq");
    p.put(ServiceConfig.MODELS_TOPIC, app + "-models");
    p.put(ServiceConfig.MODEL_PATH, model.toString());
    p.put(ServiceConfig.BATCH_SIZE, Integer.toString(batch));
    p.put(ServiceConfig.BATCH_LINGER_MS, "20");
    p.put(ServiceConfig.METRICS_PORT, "0");
    return p;
  }
}
