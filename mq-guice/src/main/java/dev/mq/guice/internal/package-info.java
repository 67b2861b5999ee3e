/**
 * The Guice module's providers and bindings.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.guice.internal;
