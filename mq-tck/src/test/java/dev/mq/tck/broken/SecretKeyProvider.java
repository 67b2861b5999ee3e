package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueues;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A test provider with a secret key, {@code mq.<name>.password}, served by an in-memory broker.
 * {@link Leaky} shows the password in its broker's toString; {@link Safe} does not. Both are
 * registered with ServiceLoader in the test resources, as a real provider would be.
 */
abstract class SecretKeyProvider implements QueueProvider {

  abstract boolean leaks();

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("user", "password");
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("password");
  }

  @Override
  public Broker connect(ProviderConfig config) {
    String user = config.string("user", "");
    String password = config.string("password", "");
    Broker inner = MessageQueues.connect(Map.of("mq.provider", "inmemory"));
    String name = name();
    return new ForwardingBroker(inner, ForwardingQueue::new) {
      @Override
      public String provider() {
        return name;
      }

      @Override
      public String toString() {
        return "Broker[" + name + ", user=" + user + ", password=" + (leaks() ? password : "****") + "]";
      }
    };
  }

  /** Broken: shows the password in toString. */
  public static final class Leaky extends SecretKeyProvider {
    @Override
    public String name() {
      return "tckleaky";
    }

    @Override
    boolean leaks() {
      return true;
    }
  }

  /** The control: masks the password. */
  public static final class Safe extends SecretKeyProvider {
    @Override
    public String name() {
      return "tcksafe";
    }

    @Override
    boolean leaks() {
      return false;
    }
  }
}
