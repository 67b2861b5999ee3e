/**
 * The SQS provider's implementation: broker, queue instances, the envelope codec, producers and the visibility keeper.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.sqs.internal;
