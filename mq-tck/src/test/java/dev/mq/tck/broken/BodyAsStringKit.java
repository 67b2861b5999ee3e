package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Broken: stores the body as a UTF-8 string, which mangles bytes that are not valid UTF-8. */
class BodyAsStringKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        delegate.push(mangled(e));
      }

      @Override
      public void pushAll(List<Envelope> es) {
        delegate.pushAll(es.stream().map(BodyAsStringKit::mangled).toList());
      }
    });
  }

  private static Envelope mangled(Envelope e) {
    return e.toBuilder().body(new String(e.body(), StandardCharsets.UTF_8)).build();
  }
}
