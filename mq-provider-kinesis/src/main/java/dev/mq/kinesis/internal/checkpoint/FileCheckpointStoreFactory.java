package dev.mq.kinesis.internal.checkpoint;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** {@code mq.kinesis.checkpoint-store=file}, writing under {@code mq.kinesis.checkpoint-dir}. */
public final class FileCheckpointStoreFactory implements CheckpointStoreFactory {

  /** The name. */
  public static final String NAME = "file";
  /** The directory key. */
  public static final String DIR_KEY = "checkpoint-dir";

  /** {@code ~/.mq/kinesis-checkpoints}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".mq", "kinesis-checkpoints");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(DIR_KEY);
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    Path dir = defaultDirectory();
    String raw = config.string(DIR_KEY).orElse(null);
    if (raw != null) {
      try {
        if (raw.isEmpty()) {
          throw new InvalidPathException(raw, "empty");
        }
        dir = Path.of(raw);
      } catch (InvalidPathException e) {
        ConfigurationException malformed = config.malformed(DIR_KEY, raw, "a directory path");
        malformed.initCause(e);
        throw malformed;
      }
    }
    return new FileCheckpointStore(dir);
  }
}
