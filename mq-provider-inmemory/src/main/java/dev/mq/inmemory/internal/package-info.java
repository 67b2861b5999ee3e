/**
 * The in-memory provider's broker, queues, consumer groups and in-flight tracking.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.inmemory.internal;
