package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.checkpoint.DynamoDbCheckpointStore;
import dev.mq.kinesis.internal.config.LeaseSettings;
import dev.mq.kinesis.internal.lease.Lease;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TcpProxy;
import dev.mq.kinesis.testing.TestStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lease faults between two brokers in this JVM sharing a lease table in dynalite, one of them
 * talking to it through a {@link TcpProxy}: DynamoDB black-holed for the holder, renewal
 * responses lost, a lease lost during a hand-over.
 */
@ExtendWith(KinesisEndpointExtension.class)
class LeaseFaultsTest {

  private static final String GROUP = "default";
  /** The body of a renewal request: the one update that raises the counter and nothing else. */
  private static final String RENEWAL = "\"SET #c = #c + :one\"";
  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();

  private final String table = TestStreams.uniqueName("leases");
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private final List<Consumer> consumers = new ArrayList<>();
  private final Set<String> pushed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger nextIndex = new AtomicInteger();

  @AfterEach
  void closeAll() throws Exception {
    consumers.forEach(Consumer::stop);
    for (int i = closeLast.size() - 1; i >= 0; i--) {
      closeLast.get(i).close();
    }
  }

  /**
   * SPEC 3.4 / 7.2: with DynamoDB black-holed for the holder (every call hangs), the holder stops
   * delivering the shard by its own clock before another worker may take it over: no message of
   * the shard is delivered by the old holder after the new one delivered its first.
   */
  @Test
  void aBlackHoledHolderStopsDeliveringBeforeAnotherWorkerTakesItsShard(KinesisEndpoint endpoint) throws Exception {
    Duration failover = Duration.ofSeconds(3);
    String stream = endpoint.createStream("lease-bh", 1);
    TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume();
    closeLast.add(proxy);
    KinesisBroker producer = broker(producerConfig(endpoint));
    Map<String, String> configA = consumerConfig(endpoint, failover, proxy);
    // No checkpoint write of a's during the test: writes queued behind a hanging DynamoDB call
    // would occupy the broker's scheduler and stall a's reader by accident; a must stop by its
    // lease clock alone. (b redelivers what a acknowledged unsaved: duplicates, never losses.)
    configA.put("mq.kinesis.checkpoint-interval", "60s");
    KinesisBroker a = broker(configA);
    Consumer ca = consume("a", a, stream);
    Pusher pusher = new Pusher(producer, stream);
    ProviderTests.await("a receives", () -> ca.receipts.size() >= 5);
    KinesisBroker b = broker(consumerConfig(endpoint, failover, null));
    Consumer cb = consume("b", b, stream);
    ProviderTests.await("b's engine started", () -> cb.started.get());
    assertThat(cb.receipts).as("one shard, held by a: b has nothing to take yet").isEmpty();

    proxy.blackHole(); // a's DynamoDB calls hang from now on; b's are fine
    ProviderTests.await("b took the shard over and delivers", () -> cb.receipts.size() >= 10);
    pusher.stop();
    ProviderTests.await("every message received", () -> received().containsAll(pushed));
    proxy.heal(); // lets a close without waiting for its call timeouts

    long bFirst = cb.receipts.get(0).nanos();
    List<Receipt> aLate = ca.receipts.stream().filter(r -> r.nanos() >= bFirst).toList();
    report("DynamoDB black-holed for the holder", ca, cb);
    assertThat(aLate).as("delivered by a after b delivered its first message").isEmpty();
  }

  /**
   * A renewal that DynamoDB applied but whose response was lost (the SDK's retry then fails its
   * condition) keeps the lease: nothing is delivered twice.
   */
  @Test
  void renewalsWhoseResponsesAreLostKeepTheLease(KinesisEndpoint endpoint) throws Exception {
    // A lost response costs a renewal its call timeout (failover / 4) before the retry and the
    // read-back; with 3 s that chain outlasted the 2.25 s hold time on a loaded 2-core machine,
    // and the holder rightly gave the lease up. 9 s leaves room for the chain under load.
    Duration failover = Duration.ofSeconds(9);
    String stream = endpoint.createStream("lease-lost-resp", 1);
    TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume();
    closeLast.add(proxy);
    KinesisBroker producer = broker(producerConfig(endpoint));
    KinesisBroker a = broker(consumerConfig(endpoint, failover, proxy));
    Consumer ca = consume("a", a, stream);
    Pusher pusher = new Pusher(producer, stream);
    ProviderTests.await("a receives", () -> ca.receipts.size() >= 5);
    for (int i = 1; i <= 3; i++) { // three renewals lose the response of their first attempt
      proxy.dropResponses(RENEWAL, 1);
      int dropped = i;
      ProviderTests.await("renewal response " + i + " dropped", () -> proxy.droppedResponses() >= dropped);
    }
    // one renewal loses the responses of all its attempts: it fails, applied once, unheard
    proxy.dropResponses(RENEWAL, 3);
    ProviderTests.await("three more renewal responses dropped", () -> proxy.droppedResponses() >= 6);
    int after = ca.receipts.size();
    ProviderTests.await("a receives after the last drop", () -> ca.receipts.size() >= after + 20);
    pusher.stop();
    ProviderTests.await("every message received", () -> received().containsAll(pushed));
    report("renewal responses lost (3 single, then 1 renewal with all 3 attempts)", ca);
    assertThat(duplicated()).as("delivered twice").isEmpty();
  }

  /**
   * A lease lost while its shard is being handed over, then taken back: the shard is read
   * again (it must not stay marked as handing over).
   */
  @Test
  void aShardWhoseLeaseWasLostDuringAHandOverIsReadAgainWhenTakenBack(KinesisEndpoint endpoint) throws Exception {
    Duration failover = Duration.ofSeconds(6); // hand-over grace 3 s, renewals every 2 s
    String stream = endpoint.createStream("lease-handover-lost", 1);
    KinesisBroker producer = broker(producerConfig(endpoint));
    KinesisBroker a = broker(consumerConfig(endpoint, failover, null));
    MessageQueue q = a.queue(stream);
    push(producer, stream, 1);
    ProviderTests.receive(q, 1); // never acknowledged: the hand-over waits for it (the grace)

    DynamoDbCheckpointStore x = new DynamoDbCheckpointStore(dynalite.client(), table, true,
        Duration.ofSeconds(30), "x", LeaseSettings.defaults());
    closeLast.add(x);
    Lease asked = x.list(stream, GROUP).get(0);
    assertThat(x.requestHandOver(stream, GROUP, asked)).isTrue();
    // a's next renewal sees the request and starts handing over, waiting for the message in flight
    ProviderTests.await("a renewed after the request", () -> x.list(stream, GROUP).get(0).counter() > asked.counter());
    // within the grace, the lease moves: a's next renewal (one renew interval later) loses it
    Lease stolen = x.take(stream, GROUP, x.list(stream, GROUP).get(0)).orElseThrow();
    assertThat(x.release(stream, GROUP, stolen)).isTrue(); // and free again: a takes it back
    ProviderTests.await("a holds the lease again", () -> {
      String owner = x.list(stream, GROUP).get(0).owner();
      return owner != null && !owner.equals("x");
    });
    push(producer, stream, 1);
    assertThat(ProviderTests.receive(q, 1)).as("the shard is read again").hasSize(1);
  }

  // ---- helpers

  private KinesisBroker broker(Map<String, String> config) {
    KinesisBroker b = ProviderTests.connect(config);
    closeLast.add(b);
    return b;
  }

  private Map<String, String> consumerConfig(KinesisEndpoint endpoint, Duration failover, TcpProxy proxy) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "100ms");
    c.put("mq.kinesis.shard-discovery-interval", "500ms");
    c.put("mq.kinesis.read-backoff-max", "500ms");
    c.put("mq.kinesis.read-ahead-records", "20");
    dynalite.addStoreConfig(c, table, failover);
    if (proxy != null) {
      c.put("mq.kinesis.dynamodb-endpoint", "http://127.0.0.1:" + proxy.port());
    }
    return c;
  }

  private static Map<String, String> producerConfig(KinesisEndpoint endpoint) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "memory");
    return c;
  }

  private void push(KinesisBroker producer, String stream, int n) {
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = nextIndex.incrementAndGet();
      Envelope e = Envelope.builder().body("k" + (index % 4) + ":" + index).partitionKey("k" + (index % 4)).build();
      batch.add(e);
    }
    producer.write(stream, batch, true);
    batch.forEach(e -> pushed.add(e.messageId()));
  }

  private Consumer consume(String name, KinesisBroker broker, String stream) {
    Consumer c = new Consumer(name, broker.queue(stream));
    consumers.add(c);
    return c;
  }

  private Set<String> received() {
    return consumers.stream().flatMap(c -> c.receipts.stream()).map(Receipt::id).collect(Collectors.toSet());
  }

  private Set<String> duplicated() {
    return consumers.stream().flatMap(c -> c.receipts.stream())
        .collect(Collectors.groupingBy(Receipt::id, Collectors.counting()))
        .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  private void report(String fault, Consumer... cs) {
    Set<String> got = received();
    long lost = pushed.stream().filter(id -> !got.contains(id)).count();
    System.out.printf("RELIABILITY %s: sent %d, received %d, duplicated %d, lost %d (%s)%n", fault,
        pushed.size(), got.size(), duplicated().size(), lost,
        java.util.Arrays.stream(cs).map(c -> c.name + " received " + c.receipts.size()).collect(Collectors.joining(", ")));
  }

  /** One delivery: when (this JVM's nanoTime), the message id. */
  record Receipt(long nanos, String id) {}

  /** Pushes a message every 20 ms until stopped, so that the holder always has one to deliver. */
  private final class Pusher {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Pusher(KinesisBroker producer, String stream) {
      thread = new Thread(() -> {
        while (!stop.get()) {
          push(producer, stream, 1);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "pusher");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join(ProviderTests.AWAIT.toMillis());
    }
  }

  /** Receives and acknowledges on its own thread, recording each delivery. */
  private static final class Consumer {
    final String name;
    final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Consumer(String name, MessageQueue q) {
      this.name = name;
      thread = new Thread(() -> {
        while (!stop.get()) {
          Optional<Envelope> got;
          try {
            got = q.dequeue(Duration.ofMillis(100));
          } catch (RuntimeException e) {
            continue;
          }
          started.set(true);
          if (got.isEmpty()) {
            continue;
          }
          receipts.add(new Receipt(System.nanoTime(), got.get().messageId()));
          try {
            Thread.sleep(5);
            q.acknowledge(got.get());
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            // an acknowledgement after the lease was lost: the next owner delivers it again
          }
        }
      }, "consumer-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      stop.set(true);
      try {
        thread.join(ProviderTests.AWAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
