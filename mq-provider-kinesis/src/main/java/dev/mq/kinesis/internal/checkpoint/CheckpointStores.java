package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The checkpoint-store factories by name: the built-in ones plus those found by ServiceLoader. */
public final class CheckpointStores {

  private CheckpointStores() {}

  /** Every factory, by name; a built-in name cannot be taken over. */
  public static Map<String, CheckpointStoreFactory> all() {
    Map<String, CheckpointStoreFactory> byName = new LinkedHashMap<>();
    byName.put(FileCheckpointStoreFactory.NAME, new FileCheckpointStoreFactory());
    byName.put(MemoryCheckpointStoreFactory.NAME, new MemoryCheckpointStoreFactory());
    byName.put(DynamoDbCheckpointStoreFactory.NAME, new DynamoDbCheckpointStoreFactory());
    ServiceLoader.load(CheckpointStoreFactory.class, CheckpointStores.class.getClassLoader())
        .forEach(f -> byName.putIfAbsent(f.name(), f));
    return byName;
  }

  /** The factory named {@code name}; {@code fullKey} is the key that named it, for the error. */
  public static CheckpointStoreFactory byName(String name, String fullKey) {
    CheckpointStoreFactory f = all().get(name);
    if (f == null) {
      throw ProviderConfig.malformedValue(fullKey, name, "one of " + all().keySet());
    }
    return f;
  }
}
