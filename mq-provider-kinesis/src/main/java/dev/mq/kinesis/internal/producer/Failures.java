package dev.mq.kinesis.internal.producer;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Decides which PutRecords failures are worth a retry. */
final class Failures {

  /** Per-entry and whole-request error codes that a later attempt may get past. */
  private static final Set<String> RETRYABLE_CODES = Set.of(
      "ProvisionedThroughputExceededException", "InternalFailure", "InternalFailureException",
      "ServiceUnavailable", "ServiceUnavailableException", "Throttling", "ThrottlingException",
      "LimitExceededException", "KMSThrottlingException", "RequestTimeout",
      "RequestTimeoutException", "SlowDown");

  private Failures() {}

  /** Whether a failed entry's error code is transient. */
  static boolean retryableCode(String errorCode) {
    return errorCode != null && RETRYABLE_CODES.contains(errorCode);
  }

  /** Whether a whole-request failure is transient: throttling, 5xx, 429 or transport. */
  static boolean retryable(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
      return retryableCode(code) || s.isThrottlingException() || s.statusCode() >= 500
          || s.statusCode() == 429;
    }
    if (e instanceof SdkServiceException) {
      SdkServiceException s = (SdkServiceException) e;
      return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
    }
    // transport errors and timeouts: the request may or may not have been applied
    return e instanceof SdkClientException || e instanceof IOException
        || e instanceof TimeoutException;
  }

  /**
   * Whether a whole-request failure leaves open that Kinesis applied the request: a transport
   * error, a timeout or a 5xx may come after the write; a 4xx answer (throttling included) says
   * the request was refused.
   */
  static boolean mayHaveBeenApplied(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof SdkServiceException) {
      return ((SdkServiceException) e).statusCode() >= 500;
    }
    return true;
  }

  /** The exception inside the future wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** A short description: the error code and message, never request content. */
  static String describe(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
      AwsServiceException s = (AwsServiceException) e;
      return s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + "): "
          + s.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
