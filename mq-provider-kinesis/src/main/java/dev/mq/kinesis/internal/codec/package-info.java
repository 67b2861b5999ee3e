/**
 * The record format: encoding envelopes into Kinesis records and decoding records, KPL aggregates among them.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.codec;
