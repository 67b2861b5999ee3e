/**
 * The hook through which {@code dev.mq.spi.Deliveries} sets delivery data on an envelope, which
 * the public API has no setter for. A package of its own, so that the support layer reaches it
 * without depending on provider selection (and provider selection on the support layer) in one
 * package.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice.
 */
package dev.mq.internal.access;
