package dev.mq.kinesis.internal.config;

/** What the data of a pushed record holds: {@code mq.kinesis.record-format}. */
public enum RecordFormat {
  /** This provider's versioned format: message id, partition key, properties and body. */
  ENVELOPE,
  /** The body alone, for other readers of the stream; envelopes it cannot carry are refused. */
  PLAIN
}
