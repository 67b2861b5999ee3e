package dev.mq.kinesis.internal.config;

import dev.mq.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The connection group of {@link KinesisConfig}: where the AWS clients go, with which
 * credentials, how long a call may take, and how many threads the broker's scheduler has (the
 * producer, the clients and the lease renewals have threads of their own). Never holds or
 * prints the secret access key.
 */
public final class ConnectionSettings {

  private final ProviderConfig config; // only to read the secret when a client is built
  private final Optional<String> region;
  private final Optional<URI> endpoint;
  private final Optional<String> accessKeyId;
  private final Duration requestTimeout;
  private final int threads;

  ConnectionSettings(ProviderConfig config, Optional<String> region, Optional<URI> endpoint,
      Optional<String> accessKeyId, Duration requestTimeout, int threads) {
    this.config = config;
    this.region = region;
    this.endpoint = endpoint;
    this.accessKeyId = accessKeyId;
    this.requestTimeout = requestTimeout;
    this.threads = threads;
  }

  /**
   * {@return {@code region}: an AWS region name; default the AWS default chain (AWS_REGION,
   * profile)}
   */
  public Optional<String> region() {
    return region;
  }

  /**
   * {@return {@code endpoint}: an http:// or https:// URL; default the region's Kinesis endpoint}
   */
  public Optional<URI> endpoint() {
    return endpoint;
  }

  /**
   * {@return {@code access-key-id}: static credentials, set together with
   * {@code secret-access-key}; default the AWS default credentials chain}
   */
  public Optional<String> accessKeyId() {
    return accessKeyId;
  }

  /**
   * {@return {@code secret-access-key} (secret): read straight from the configuration so that this
   * object never holds it}
   */
  public Optional<String> secretAccessKey() {
    return config.string(KinesisConfig.SECRET_ACCESS_KEY).filter(s -> !s.isEmpty());
  }

  /**
   * {@return {@code request-timeout}: the bound of one AWS call; default 10 s, 100 ms to 10 min}
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@return {@code threads}: the broker's scheduler threads; default 4, 1 to 256} */
  public int threads() {
    return threads;
  }

  /**
   * {@return the full name of {@code key}, for error messages}
   *
   * @param key a key relative to {@code mq.kinesis.}
   */
  public String fullKey(String key) {
    return config.fullKey(key);
  }

  @Override
  public String toString() {
    return "region=" + region.orElse("(default chain)")
        + ", endpoint=" + endpoint.map(URI::toString).orElse("(default)")
        + ", credentials=" + (accessKeyId.isPresent() ? "static" : "default chain");
  }
}
