package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.internal.lease.DoneAheadStore;
import dev.mq.kinesis.internal.lease.LeaseTable;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint store as {@link CheckpointStores#open} opened it, with what its factory knows it
 * can do beyond the public {@link CheckpointStore} contract. Only built-in stores can do more, so
 * the public SPI never names these internal roles, and nobody asks a store with
 * {@code instanceof}.
 *
 * @param store the store
 * @param leaseTable the store again when it keeps leases ({@code dynamodb}): the workers of a group
 *     then share the shards through them
 * @param doneAheadStore the store again when it keeps the runs acknowledged beyond each checkpoint
 *     ({@code file}): a graceful restart then keeps them
 */
public record OpenedStore(CheckpointStore store, Optional<LeaseTable> leaseTable,
    Optional<DoneAheadStore> doneAheadStore) {

  /**
   * Checks that no component is null.
   *
   * @param store the store
   * @param leaseTable the store again when it keeps leases, else empty
   * @param doneAheadStore the store again when it keeps the runs acknowledged beyond each
   *     checkpoint, else empty
   */
  public OpenedStore {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(leaseTable, "leaseTable");
    Objects.requireNonNull(doneAheadStore, "doneAheadStore");
  }

  /**
   * {@return a store that does only what the public contract says (memory, plug-ins)}
   *
   * @param store the store
   */
  public static OpenedStore plain(CheckpointStore store) {
    return new OpenedStore(store, Optional.empty(), Optional.empty());
  }
}
