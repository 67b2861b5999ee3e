package dev.mq.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mq.Envelope;
import dev.mq.spi.Utf8;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints delivered envelopes as text or as JSON lines. A body is shown as UTF-8 when it is
 * well-formed UTF-8 (and base64 is not forced), otherwise as base64; JSON says which in
 * {@code bodyEncoding}.
 */
final class EnvelopeOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final boolean json;
  private final boolean base64;

  /**
   * @param out where to print
   * @param json one JSON object per line instead of text
   * @param base64 always base64 bodies
   */
  EnvelopeOutput(PrintWriter out, boolean json, boolean base64) {
    this.out = out;
    this.json = json;
    this.base64 = base64;
  }

  /** Prints one envelope. */
  void print(Envelope e) {
    byte[] body = e.body();
    boolean utf8 = !base64 && Utf8.isWellFormed(body, 0, body.length);
    String shown = utf8 ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.messageId());
      m.put("key", e.partitionKey().orElse(null));
      m.put("attempt", e.deliveryAttempt());
      m.put("properties", new TreeMap<>(e.properties()));
      m.put("bodyEncoding", utf8 ? "utf-8" : "base64");
      m.put("body", shown);
      try {
        out.println(JSON.writeValueAsString(m));
      } catch (JsonProcessingException ex) {
        throw new UncheckedIOException(ex);
      }
    } else {
      out.println("--- id=" + e.messageId() + " key=" + e.partitionKey().orElse("-")
          + " attempt=" + e.deliveryAttempt() + (utf8 ? "" : " body=base64"));
      new TreeMap<>(e.properties()).forEach((k, v) -> out.println("  " + k + "=" + v));
      out.println(shown);
    }
    out.flush();
  }
}
