package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Stand-in record format until the codec package lands; replaced by RecordCodec. */
final class InterimCodec {

  private static final byte[] MAGIC = "MQK0".getBytes(StandardCharsets.US_ASCII);

  private InterimCodec() {}

  static byte[] encode(Envelope e) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      str(out, e.messageId());
      str(out, e.partitionKey().orElse(""));
      out.writeInt(e.properties().size());
      for (var p : e.properties().entrySet()) {
        str(out, p.getKey());
        str(out, p.getValue());
      }
      byte[] body = e.body();
      out.writeInt(body.length);
      out.write(body);
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static Optional<Envelope> decode(byte[] data) {
    if (data.length < 4 || !Arrays.equals(Arrays.copyOf(data, 4), MAGIC)) {
      return Optional.empty();
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 4, data.length - 4));
      Envelope.Builder b = Envelope.builder().messageId(str(in));
      String key = str(in);
      if (!key.isEmpty()) {
        b.partitionKey(key);
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        b.property(str(in), str(in));
      }
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return Optional.of(b.body(body).build());
    } catch (IOException | RuntimeException ex) {
      throw new IllegalArgumentException("corrupt record: " + ex, ex);
    }
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
