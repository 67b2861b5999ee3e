package dev.mq.kinesis.internal.config;

import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Streams named by ARN ({@code mq.kinesis.stream-arns}), for streams of another account: a
 * queue name cannot hold an ARN (SPEC 8.5), so the key maps queue names to ARNs. The stream
 * identifier handed to the rest of the provider is then the ARN itself, and every Kinesis call
 * names the stream with {@code StreamARN} instead of {@code StreamName} ({@link #isArn}).
 */
public final class StreamArns {

  /** A Kinesis stream ARN: partition, region, 12-digit account, stream name. */
  static final Pattern ARN = Pattern.compile(
      "arn:aws[a-z-]*:kinesis:[a-z0-9-]{1,64}:[0-9]{12}:stream/[a-zA-Z0-9_.-]{1,128}");
  private static final String EXPECTED = "queue=ARN pairs separated by commas, each ARN of the form "
      + "arn:aws:kinesis:<region>:<12-digit account>:stream/<name>, each queue once, queue names "
      + Names.RULE;

  // arn:<partition>:kinesis:<region>:<account>:stream/<name>
  private static final int REGION_PART = 3;
  private static final int ACCOUNT_PART = 4;
  private static final String STREAM_PREFIX = "stream/";

  private StreamArns() {}

  /**
   * {@return the stream name of a stream ARN}
   *
   * @param arn a stream ARN, as {@link #isArn} tells
   */
  public static String streamName(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1 + STREAM_PREFIX.length());
  }

  /**
   * {@return the 12-digit account of a stream ARN}
   *
   * @param arn a stream ARN, as {@link #isArn} tells
   */
  public static String account(String arn) {
    return part(arn, ACCOUNT_PART);
  }

  private static String part(String arn, int index) {
    return arn.split(":")[index];
  }

  /**
   * {@return whether a stream identifier is an ARN: the Kinesis calls then send it as
   * {@code StreamARN}}
   *
   * @param stream a stream name or ARN
   */
  public static boolean isArn(String stream) {
    return stream.startsWith("arn:");
  }

  /**
   * The queue-to-ARN map of {@code raw}, e.g. {@code orders=arn:aws:kinesis:eu-west-1:123456789012:stream/orders}.
   *
   * @throws dev.mq.ConfigurationException naming the key when it is malformed, or an ARN is of
   *     another region than {@code region}, the client's
   */
  static Map<String, String> parse(ProviderConfig config, String key, String raw,
      Optional<String> region) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw.isBlank()) {
      return out;
    }
    for (String pair : raw.split(",", -1)) {
      int eq = pair.indexOf('=');
      String queue = eq < 0 ? "" : pair.substring(0, eq).trim();
      String arn = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (!Names.isValid(queue) || !ARN.matcher(arn).matches() || out.put(queue, arn) != null) {
        throw config.malformed(key, raw, EXPECTED);
      }
      String arnRegion = part(arn, REGION_PART);
      if (region.isPresent() && !region.get().equals(arnRegion)) {
        // one client reaches one region: the stream must be in the configured one
        throw config.malformed(key, raw, "ARNs of streams in the region " + region.get()
            + " (" + config.fullKey("region") + "), not " + arnRegion);
      }
    }
    return Map.copyOf(out);
  }
}
