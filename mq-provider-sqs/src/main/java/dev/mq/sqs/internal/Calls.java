package dev.mq.sqs.internal;

import dev.mq.MessagingException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Waiting for SQS calls of the asynchronous client, and what their failures mean. */
final class Calls {

  private Calls() {}

  /**
   * The result of {@code call}. An interrupt does not abandon the call (its outcome matters); the
   * thread's interrupt flag is set again afterwards.
   *
   * @throws SdkFailure wrapping the SDK's exception
   */
  static <T> T await(CompletableFuture<T> call) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return call.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new SdkFailure(unwrap(e.getCause()));
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** True when the call may have taken effect although it failed: a 5xx or a lost answer. */
  static boolean outcomeUnknown(Throwable t) {
    if (t instanceof AwsServiceException) {
      return ((AwsServiceException) t).statusCode() >= 500;
    }
    return t instanceof SdkClientException || !(t instanceof RuntimeException);
  }

  /** The SQS error code of a service exception, or empty. */
  static String errorCode(Throwable t) {
    if (t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null) {
      String code = ((AwsServiceException) t).awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  /** A failed SQS call; the cause is the SDK's exception. */
  static final class SdkFailure extends MessagingException {
    private static final long serialVersionUID = 1L;

    SdkFailure(Throwable cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }
}
