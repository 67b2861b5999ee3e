package dev.mq;

/**
 * Optional features a provider may declare. The TCK tests a declared capability and skips, with
 * the reason, what is not declared.
 */
public enum Capability {
  /** Messages of one partition key are delivered in push order, one unacknowledged at a time. */
  ORDERING_BY_KEY,
  /** Pushed and acknowledged state survives a restart of the broker and the client. */
  DURABLE,
  /** Several named consumer groups each receive every message of a queue. */
  CONSUMER_GROUPS,
  /** Rejected and exhausted messages move to a configured dead-letter queue. */
  DEAD_LETTER,
  /** Several queue instances in one process share one group's messages, each message to one. */
  COMPETING_CONSUMERS,
  /** Several processes share one group's messages, each message to one. */
  DISTRIBUTED_COMPETING_CONSUMERS
}
