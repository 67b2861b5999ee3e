/**
 * Tools for fault tests of any provider: a {@link dev.mq.tck.faults.Ledger} that counts what was
 * sent, received, duplicated and lost; handler fault scenarios (throwing, hanging, slow) run
 * through the public API; and bounded {@link dev.mq.tck.faults.Waits}.
 */
package dev.mq.tck.faults;
