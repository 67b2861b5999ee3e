/**
 * Shard leases shared by the connections of a consumer group: the lease table, renewer, taker and hand-over.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.lease;
