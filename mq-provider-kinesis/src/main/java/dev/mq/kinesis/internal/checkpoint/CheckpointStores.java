package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The checkpoint-store factories by name: the built-in ones plus those found by ServiceLoader. */
public final class CheckpointStores {

  private CheckpointStores() {}

  /** {@return every factory, by name; a built-in name cannot be taken over} */
  public static Map<String, CheckpointStoreFactory> all() {
    Map<String, CheckpointStoreFactory> byName = new LinkedHashMap<>();
    byName.put(FileCheckpointStoreFactory.NAME, new FileCheckpointStoreFactory());
    byName.put(MemoryCheckpointStoreFactory.NAME, new MemoryCheckpointStoreFactory());
    byName.put(DynamoDbCheckpointStoreFactory.NAME, new DynamoDbCheckpointStoreFactory());
    ServiceLoader.load(CheckpointStoreFactory.class, CheckpointStores.class.getClassLoader())
        .forEach(f -> byName.putIfAbsent(f.name(), f));
    return byName;
  }

  /**
   * Opens the store named {@code name}, with what it can do beyond the public contract: the
   * built-in {@code dynamodb} store keeps leases, the built-in {@code file} store keeps the runs
   * acknowledged ahead of each checkpoint; every other store is plain.
   *
   * @param name the value of {@code checkpoint-store}
   * @param fullKey the key that named it, for the error
   * @param config the provider's configuration, from which the store reads its own keys
   * @return the opened store
   * @throws dev.mq.ConfigurationException if no store has that name
   */
  public static OpenedStore open(String name, String fullKey, ProviderConfig config) {
    switch (name) {
      case FileCheckpointStoreFactory.NAME -> {
        FileCheckpointStore file = new FileCheckpointStoreFactory().create(config);
        return new OpenedStore(file, Optional.empty(), Optional.of(file));
      }
      case DynamoDbCheckpointStoreFactory.NAME -> {
        DynamoDbCheckpointStore table = new DynamoDbCheckpointStoreFactory().create(config);
        return new OpenedStore(table, Optional.of(table), Optional.empty());
      }
      default -> {
        return OpenedStore.plain(byName(name, fullKey).create(config));
      }
    }
  }

  /**
   * {@return the factory named {@code name}}
   *
   * @param name the value of {@code checkpoint-store}
   * @param fullKey the key that named it, for the error
   * @throws dev.mq.ConfigurationException if no store has that name
   */
  public static CheckpointStoreFactory byName(String name, String fullKey) {
    CheckpointStoreFactory f = all().get(name);
    if (f == null) {
      throw ProviderConfig.malformedValue(fullKey, name, "one of " + all().keySet());
    }
    return f;
  }
}
