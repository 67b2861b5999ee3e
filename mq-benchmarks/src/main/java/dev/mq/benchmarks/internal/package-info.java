/**
 * The benchmarks' transports, baselines and report writers.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.benchmarks.internal;
