package dev.mq.internal;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.Set;

/** A provider that records the configuration it was connected with. */
final class FakeProvider implements QueueProvider {
  final String name;
  ProviderConfig lastConfig;

  FakeProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("endpoint", "password");
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("password");
  }

  @Override
  public Broker connect(ProviderConfig config) {
    lastConfig = config;
    return new Broker() {
      @Override
      public String provider() {
        return name;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public String defaultConsumerGroup() {
        return "default";
      }

      @Override
      public MessageQueue queue(String queue) {
        throw new UnsupportedOperationException();
      }

      @Override
      public MessageQueue queue(String queue, String group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
  }
}
