package dev.mq.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Per-entry failures of SendMessageBatch, which no test server produces on demand: a stub client
 * answers each call with a scripted outcome per message body.
 */
class SqsProducerTest {

  /** Fails entries whose body is in {@code transientFailures} once, and those in {@code refused} always. */
  private static final class StubClient implements SqsAsyncClient {
    final Set<String> transientFailures;
    final Set<String> refused;
    final List<List<String>> calls = new ArrayList<>();
    final List<String> written = new ArrayList<>();

    StubClient(Set<String> transientFailures, Set<String> refused) {
      this.transientFailures = new java.util.HashSet<>(transientFailures);
      this.refused = refused;
    }

    @Override
    public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest r) {
      return CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl("http://stub/" + r.queueName()).build());
    }

    @Override
    public CompletableFuture<SendMessageBatchResponse> sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> c) {
      SendMessageBatchRequest.Builder b = SendMessageBatchRequest.builder();
      c.accept(b);
      SendMessageBatchResponse.Builder response = SendMessageBatchResponse.builder();
      List<SendMessageBatchResultEntry> ok = new ArrayList<>();
      List<BatchResultErrorEntry> failed = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (SendMessageBatchRequestEntry e : b.build().entries()) {
        String body = EnvelopeCodec.decodeRecord(e.messageAttributes().get(EnvelopeCodec.ATTRIBUTE)
            .binaryValue().asByteArray()).bodyAsString();
        bodies.add(body);
        if (refused.contains(body)) {
          failed.add(BatchResultErrorEntry.builder().id(e.id()).senderFault(true).code("InvalidParameterValue")
              .message("refused " + body).build());
        } else if (transientFailures.remove(body)) {
          failed.add(BatchResultErrorEntry.builder().id(e.id()).senderFault(false).code("InternalError")
              .message("try again").build());
        } else {
          written.add(body);
          ok.add(SendMessageBatchResultEntry.builder().id(e.id()).messageId("m-" + body).build());
        }
      }
      calls.add(bodies);
      return CompletableFuture.completedFuture(response.successful(ok).failed(failed).build());
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  private static SqsProducer producer(StubClient client) {
    SqsConfig config = new SqsConfig(ProviderConfig.of("sqs", Map.of("mq.sqs.region", "us-east-1")));
    return new SqsProducer(client, new QueueDirectory(client, false), config);
  }

  private static void sendAll(SqsProducer s, List<Envelope> envelopes) {
    s.sendAll("q", false, envelopes, envelopes.stream().map(EnvelopeCodec::encode).toList());
  }

  private static List<Envelope> envelopes(int n) {
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Envelope.of("e" + i));
    }
    return out;
  }

  @Test
  void entriesFailingWithoutSenderFaultAreRetriedAlone() {
    StubClient client = new StubClient(Set.of("e3", "e7"), Set.of());
    sendAll(producer(client), envelopes(12));
    assertThat(client.calls).containsExactly(
        List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"), List.of("e3", "e7"),
        List.of("e10", "e11"));
    assertThat(client.written).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void senderFaultsAreListedExactlyAsNotWrittenAndLaterBatchesAreNotAttempted() {
    StubClient client = new StubClient(Set.of(), Set.of("e2"));
    List<Envelope> all = envelopes(15);
    assertThatThrownBy(() -> sendAll(producer(client), all))
        .isInstanceOfSatisfying(BatchPushException.class, ex -> {
          assertThat(ex.maybeWritten()).isEmpty();
          List<Envelope> expected = new ArrayList<>(List.of(all.get(2)));
          expected.addAll(all.subList(10, 15));
          assertThat(ex.notWritten()).containsExactlyElementsOf(expected);
          assertThat(ex.failures().get(0).cause()).hasMessageContaining("refused e2");
        });
    assertThat(client.calls).hasSize(1);
    assertThat(client.written).containsExactly("e0", "e1", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
  }

  @Test
  void batchesRespectTheSizeLimit() {
    StubClient client = new StubClient(Set.of(), Set.of());
    Function<Integer, Envelope> big = i -> Envelope.builder().body(new byte[100_000]).messageId("b" + i).build();
    List<Envelope> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(big.apply(i));
    }
    SqsConfig config = new SqsConfig(ProviderConfig.of("sqs", Map.of("mq.sqs.region", "us-east-1",
        "mq.sqs.max-message-size", "262144")));
    new SqsProducer(client, new QueueDirectory(client, false), config)
        .sendAll("q", false, all, all.stream().map(EnvelopeCodec::encode).toList());
    assertThat(client.calls).allMatch(c -> c.size() <= 2).hasSize(6);
  }
}
