/**
 * Starting a consumer group where a Kinesis Client Library application stopped: reading the
 * KCL's DynamoDB lease table, refusing while a KCL worker still renews leases, and converting
 * the KCL's checkpoints into this provider's.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.kcl;
