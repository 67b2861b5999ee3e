/**
 * The commands of {@code mq}, their options and what they share: the broker session, output,
 * progress, secret masking and exit codes.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. The command line itself is the interface.
 */
package dev.mq.cli.internal;
