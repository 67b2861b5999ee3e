/**
 * The Kinesis provider's broker, queue instances and stream administration.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal;
