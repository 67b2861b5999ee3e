package dev.mq.kinesis.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The child process of {@link CrashRecoveryTest}: configured by {@code mq.*} system properties,
 * it receives {@code acks + held} messages of a one-shard stream, acknowledges the first
 * {@code acks}, waits until the checkpoint file covers them, prints {@value #READY} and then
 * holds the rest until it is killed.
 */
public final class CrashingConsumer {

  static final String READY = "CHECKPOINTED";

  private CrashingConsumer() {}

  public static void main(String[] args) throws Exception {
    String stream = args[0];
    int acks = Integer.parseInt(args[1]);
    int held = Integer.parseInt(args[2]);
    Broker broker = MessageQueues.connect();
    MessageQueue q = broker.queue(stream);
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (got.size() < acks + held && System.nanoTime() < deadline) {
      q.dequeue(Duration.ofMillis(200)).ifPresent(got::add);
    }
    for (int i = 0; i < acks; i++) {
      q.acknowledge(got.get(i));
    }
    String lastAcked = sequenceNumbers(stream).get(acks - 1);
    FileCheckpointStore store = new FileCheckpointStore(Path.of(System.getProperty("mq.kinesis.checkpoint-dir")));
    while (System.nanoTime() < deadline) {
      Map<String, Checkpoint> cps = store.load(stream, broker.defaultConsumerGroup());
      if (cps.values().stream().anyMatch(c -> c.equals(Checkpoint.afterRecord(lastAcked)))) {
        System.out.println(READY);
        System.out.flush();
        break;
      }
      Thread.sleep(20);
    }
    Thread.sleep(Duration.ofMinutes(5).toMillis()); // holding the rest until killed
  }

  private static List<String> sequenceNumbers(String stream) {
    try (KinesisClient c = KinesisClient.builder()
        .endpointOverride(URI.create(System.getProperty("mq.kinesis.endpoint")))
        .region(Region.of(System.getProperty("mq.kinesis.region")))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            System.getProperty("mq.kinesis.access-key-id"), System.getProperty("mq.kinesis.secret-access-key"))))
        .build()) {
      String it = c.getShardIterator(GetShardIteratorRequest.builder().streamName(stream)
          .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON).build())
          .shardIterator();
      return c.getRecords(GetRecordsRequest.builder().shardIterator(it).build()).records().stream()
          .map(Record::sequenceNumber).toList();
    }
  }
}
