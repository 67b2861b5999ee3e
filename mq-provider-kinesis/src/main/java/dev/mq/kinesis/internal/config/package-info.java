/**
 * The {@code mq.kinesis.*} keys, parsed once and handed out in groups by concern.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.config;
