package dev.mq.kinesis.internal.consumer;

import java.util.List;

/**
 * The messages of one Kinesis record, made one at a time: a KPL aggregate may hold a hundred
 * thousand user records, and the reader takes only as many as its read-ahead has room for,
 * keeping the rest undecoded until then. Used by one thread at a time.
 */
public interface MappedRecords {

  /** {@return true when another message follows} */
  boolean hasNext();

  /**
   * {@return the next message, in sub-sequence order. When it throws, the position is unchanged:
   * the same message is asked for again}
   */
  MappedRecord next();

  /**
   * {@return the messages of a list made at once (a record that is not an aggregate)}
   *
   * @param messages the messages, in sub-sequence order
   */
  static MappedRecords of(List<MappedRecord> messages) {
    return new MappedRecords() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < messages.size();
      }

      @Override
      public MappedRecord next() {
        MappedRecord m = messages.get(next);
        next++;
        return m;
      }
    };
  }
}
