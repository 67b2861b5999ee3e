package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test store ({@code checkpoint-store=gated}): a memory store whose saves of group
 * {@value #SLOW} wait for {@link #OPEN} (bounded), and whose first save of group
 * {@value #ERROR} throws an {@link Error}.
 */
public final class GatedCheckpointStoreFactory implements CheckpointStoreFactory {

  public static final String SLOW = "slow";
  public static final String ERROR = "error";
  /** Counted down to let the saves of group {@value #SLOW} go on. */
  public static volatile CountDownLatch OPEN = new CountDownLatch(1);
  /** Saves of group {@value #SLOW} waiting now. */
  public static final AtomicInteger WAITING = new AtomicInteger();
  /** Errors thrown so far. */
  public static final AtomicInteger ERRORS = new AtomicInteger();
  /** What was saved, by "stream/group/shard". */
  public static final Map<String, Checkpoint> SAVED = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "gated";
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    MemoryCheckpointStore memory = new MemoryCheckpointStore();
    return new CheckpointStore() {
      @Override
      public Map<String, Checkpoint> load(String stream, String group) {
        return memory.load(stream, group);
      }

      @Override
      public void save(String stream, String group, Map<String, Checkpoint> checkpoints) {
        if (group.equals(SLOW)) {
          WAITING.incrementAndGet();
          try {
            OPEN.await(5, TimeUnit.MINUTES); // longer than any wait of a test: tests open it
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            WAITING.decrementAndGet();
          }
        }
        if (group.equals(ERROR) && ERRORS.get() == 0) {
          ERRORS.incrementAndGet();
          throw new Error("injected: a save of group " + group + " threw an Error");
        }
        memory.save(stream, group, checkpoints);
        checkpoints.forEach((shard, cp) -> SAVED.put(stream + "/" + group + "/" + shard, cp));
      }

      @Override
      public boolean isDurable() {
        return false;
      }

      @Override
      public void close() {
        memory.close();
      }
    };
  }
}
