package dev.mq.kinesis.internal.kcl;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.internal.config.StreamArns;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leases of one stream in a KCL lease table. In single-stream mode every lease is the
 * stream's (the table cannot say which stream it was). In multi-stream mode each key is
 * {@code <account>:<stream>:<creation epoch>:<shard id>}: the leases whose stream name (and, for
 * a stream named by ARN, account) match; several matching streams (a stream deleted and created
 * again, or the same name in two accounts) are refused rather than guessed between.
 */
final class StreamLeases {

  private StreamLeases() {}

  /**
   * @param stream the stream's name, or its ARN
   * @throws ConfigurationException when the table mixes the modes, holds only other streams'
   *     leases in multi-stream mode, or several streams match
   */
  static List<KclLease> of(List<KclLease> all, String stream, String table, String tableKey) {
    long multi = all.stream().filter(KclLease::isMultiStream).count();
    if (multi == 0) {
      return all;
    }
    if (multi != all.size()) {
      throw new ConfigurationException("the KCL lease table " + table + " (" + tableKey + ") mixes "
          + "single-stream and multi-stream lease keys; it cannot be imported");
    }
    String name = StreamArns.isArn(stream) ? StreamArns.streamName(stream) : stream;
    String account = StreamArns.isArn(stream) ? StreamArns.account(stream) : null;
    List<KclLease> ours = all.stream().filter(l -> {
      String[] parts = l.leaseKey().split(":");
      return parts.length == 4 && parts[1].equals(name) && (account == null || parts[0].equals(account));
    }).toList();
    Set<String> streams = new TreeSet<>();
    ours.forEach(l -> streams.add(l.leaseKey().substring(0, l.leaseKey().lastIndexOf(':'))));
    if (ours.isEmpty()) {
      throw new ConfigurationException("the KCL lease table " + table + " (" + tableKey + ") is in "
          + "multi-stream mode and holds no lease of stream " + name);
    }
    if (streams.size() > 1) {
      throw new ConfigurationException("the KCL lease table " + table + " (" + tableKey + ") holds "
          + "leases of several streams named " + name + " " + streams + " (account:stream:creation "
          + "epoch); delete the leases of the stream that is gone, or name the stream by ARN "
          + "(mq.kinesis.stream-arns) to pick the account");
    }
    return ours;
  }
}
