/**
 * The Kinesis harness's scenarios, hand-written SDK loops, emulator fixtures and report.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.benchmarks.internal.kinesis;
