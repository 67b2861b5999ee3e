/**
 * The kit's rule tests, one class per area of the contract, and the session they share.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.tck.internal;
