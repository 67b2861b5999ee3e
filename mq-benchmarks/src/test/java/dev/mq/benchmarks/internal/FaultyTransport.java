package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.function.Consumer;

/** A baseline transport that can be told to fail or to lose messages, for the failure paths. */
final class FaultyTransport implements Transport {

  enum Fault { NONE, SEND_THROWS, SEND_LOSES, SETTLE_THROWS }

  private final BaselineTransport delegate = new BaselineTransport();
  private final Fault fault;

  FaultyTransport(Fault fault) {
    this.fault = fault;
  }

  @Override
  public void send(Envelope envelope) {
    if (fault == Fault.SEND_THROWS) {
      throw new IllegalStateException("broker down");
    }
    if (fault != Fault.SEND_LOSES) {
      delegate.send(envelope);
    }
  }

  @Override
  public Envelope receiveNow() {
    return delegate.receiveNow();
  }

  @Override
  public Envelope receive(Duration maxWait) {
    return delegate.receive(maxWait);
  }

  @Override
  public void settle(Envelope envelope) {
    if (fault == Fault.SETTLE_THROWS) {
      throw new IllegalArgumentException("not delivered by this queue");
    }
    delegate.settle(envelope);
  }

  @Override
  public AutoCloseable subscribe(int concurrency, Duration pollWait, Consumer<Envelope> handler) {
    return new BaselineSubscription(this, concurrency, pollWait, handler);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
