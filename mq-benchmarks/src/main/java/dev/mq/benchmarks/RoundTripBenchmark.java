package dev.mq.benchmarks;

import dev.mq.Envelope;
import dev.mq.benchmarks.internal.BaselineTransport;
import dev.mq.benchmarks.internal.InMemoryTransport;
import dev.mq.benchmarks.internal.MessageFactory;
import dev.mq.benchmarks.internal.Transport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message at a time on one thread: build it, push it, dequeue it, acknowledge it. The score is
 * messages per second. {@code baseline} does the same with {@code offer}, {@code poll} and a
 * counter increment on a {@code LinkedBlockingQueue}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class RoundTripBenchmark {

  /** 0: messages without a partition key; 16: messages cycling through 16 keys. */
  @Param({"0", "16"})
  public int keys;

  MessageFactory messages;

  /** Makes the message factory. */
  @Setup(Level.Trial)
  public void setUp() {
    messages = new MessageFactory("rt-", keys);
  }

  /** Round trip through the in-memory provider, acknowledgement tracking on. */
  @Benchmark
  public Envelope inmemory(InMemory queue) {
    return roundTrip(queue.transport);
  }

  /** Round trip through a plain LinkedBlockingQueue. */
  @Benchmark
  public Envelope baseline(Baseline queue) {
    return roundTrip(queue.transport);
  }

  private Envelope roundTrip(Transport transport) {
    transport.send(messages.next());
    Envelope e = transport.receiveNow();
    if (e == null) {
      throw new IllegalStateException("the message just pushed was not delivered");
    }
    MessageFactory.check(e);
    transport.settle(e);
    return e;
  }

  /** A fresh in-memory queue per trial. */
  @State(Scope.Thread)
  public static class InMemory {
    Transport transport;

    /** Opens the queue. */
    @Setup(Level.Trial)
    public void open() {
      transport = new InMemoryTransport();
    }

    /** Closes the queue. */
    @TearDown(Level.Trial)
    public void close() {
      transport.close();
    }
  }

  /** A fresh LinkedBlockingQueue per trial. */
  @State(Scope.Thread)
  public static class Baseline {
    Transport transport;

    /** Makes the queue. */
    @Setup(Level.Trial)
    public void open() {
      transport = new BaselineTransport();
    }

    /** Drops the queue. */
    @TearDown(Level.Trial)
    public void close() {
      transport.close();
    }
  }
}
