package dev.mq.sqs.internal;

import dev.mq.MessagingException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * SQS queue URLs by SQS queue name, looked up once (GetQueueUrl) and cached; a missing queue is
 * created when {@code create-queues} is on (FIFO queues with {@code FifoQueue=true} and no
 * content-based deduplication: the provider sets a deduplication id per push).
 */
final class QueueDirectory {

  private final SqsAsyncClient client;
  private final boolean create;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  QueueDirectory(SqsAsyncClient client, boolean create) {
    this.client = client;
    this.create = create;
  }

  /**
   * The URL of {@code sqsName}.
   *
   * @throws MessagingException if the queue is missing (and may not be created) or SQS fails
   */
  String url(String sqsName) {
    String cached = urls.get(sqsName);
    if (cached != null) {
      return cached;
    }
    String url = lookUp(sqsName);
    urls.put(sqsName, url);
    return url;
  }

  /** Forgets a URL that SQS no longer knows (the queue was deleted). */
  void forget(String sqsName) {
    urls.remove(sqsName);
  }

  private String lookUp(String sqsName) {
    try {
      return Calls.await(client.getQueueUrl(GetQueueUrlRequest.builder().queueName(sqsName).build())).queueUrl();
    } catch (Calls.SdkFailure f) {
      if (!(f.getCause() instanceof QueueDoesNotExistException) && !isMissing(f.getCause())) {
        throw new MessagingException("could not look up the SQS queue " + sqsName + ": " + f.getMessage(), f.getCause());
      }
    }
    if (!create) {
      throw new MessagingException("the SQS queue " + sqsName + " does not exist, and mq.sqs."
          + SqsConfig.CREATE_QUEUES + " is false");
    }
    CreateQueueRequest.Builder req = CreateQueueRequest.builder().queueName(sqsName);
    if (sqsName.endsWith(QueueNames.FIFO_SUFFIX)) {
      req.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
          QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"));
    }
    try {
      return Calls.await(client.createQueue(req.build())).queueUrl();
    } catch (Calls.SdkFailure f) {
      throw new MessagingException("could not create the SQS queue " + sqsName + ": " + f.getMessage(), f.getCause());
    }
  }

  static boolean isMissing(Throwable t) {
    String code = Calls.errorCode(t);
    return t instanceof QueueDoesNotExistException || code.equals("AWS.SimpleQueueService.NonExistentQueue")
        || code.equals("QueueDoesNotExist");
  }
}
