package org.elbostream.streams;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Start-up's first call: can the service reach and log in to its brokers? Kafka clients retry a
 * refused login or an untrusted certificate for ever, logging at WARN; a service that cannot
 * connect should instead stop at once and say why, naming the setting to look at.
 */
final class BrokerCheck {
  private BrokerCheck() {}

  /** Throws a {@link ConfigException} with the reason if the brokers cannot be reached within {@code seconds}. */
  static void verify(Map<String, Object> client, int seconds) throws InterruptedException {
    Object bootstrap = client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, Object> props = new java.util.HashMap<>(client);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, seconds * 1000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, seconds * 1000);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SaslAuthenticationException) {
        throw new ConfigException("cannot log in to " + bootstrap + " (" + SaslConfigs.SASL_MECHANISM + " "
            + client.getOrDefault(SaslConfigs.SASL_MECHANISM, "GSSAPI") + "): " + cause.getMessage()
            + " — check the user and password in " + SaslConfigs.SASL_JAAS_CONFIG);
      }
      if (cause instanceof SslAuthenticationException) {
        throw new ConfigException("TLS handshake with " + bootstrap + " failed: " + rootMessage(cause)
            + " — is ssl.truststore.location the certificate (or CA) the brokers present?");
      }
      throw new ConfigException("cannot reach the brokers at " + bootstrap + ": " + rootMessage(cause));
    } catch (TimeoutException e) {
      throw new ConfigException("no broker answered at " + bootstrap + " within " + seconds + " s (check "
          + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + " and " + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + ")");
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
  }
}
