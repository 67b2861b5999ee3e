package dev.mq.sqs.internal;

import dev.mq.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The SQS form of an envelope (format version 1, {@code docs/message-format.md}): the SQS body is
 * the fixed text {@value #BODY_TEXT}, and one Binary message attribute named {@value #ATTRIBUTE}
 * holds the whole envelope (message id, partition key, properties, body) in a small binary
 * record. SQS's limits of 10 attributes and XML-safe body text then never apply to an envelope,
 * and a body is carried byte for byte without Base64's third more. Messages without that
 * attribute were written by other SQS producers and are delivered raw.
 */
public final class EnvelopeCodec {

  /** The attribute holding the record. */
  public static final String ATTRIBUTE = "mq-envelope";
  /** Its SQS data type. */
  public static final String DATA_TYPE = "Binary";
  /** The SQS message body of every envelope (SQS refuses an empty body). */
  public static final String BODY_TEXT = "mq-envelope:1";
  /** First bytes of a record: {@code D1 4D 51 53}, invalid UTF-8, then "MQS". */
  static final byte[] MAGIC = {(byte) 0xD1, 0x4D, 0x51, 0x53};
  /** The format version. */
  static final byte VERSION = 1;
  /** Flag bit 0: a partition key follows the message id. */
  static final int FLAG_KEY = 1;
  /** Most properties of a record: 256 counted ones and as many under {@code mq.}. */
  public static final int MAX_PROPERTIES = 512;
  /**
   * Bytes push keeps free below the largest SQS message so that every message it accepted can be
   * dead-lettered: a reason of 1,024 characters (at most 3,072 UTF-8 bytes), the source queue and
   * group (255 each), the attempt count, the 30-character time and the five names with their
   * length fields.
   */
  public static final int DEAD_LETTER_HEADROOM = 4096;
  /** SQS's bytes for the body text and the attribute's name and type, counted in its size. */
  static final int FIXED_SQS_BYTES = BODY_TEXT.length() + ATTRIBUTE.length() + DATA_TYPE.length();

  private static final Logger log = LoggerFactory.getLogger(EnvelopeCodec.class);

  private EnvelopeCodec() {}

  /** The record of {@code e}. */
  static byte[] encode(Envelope e) {
    byte[] id = utf8(e.messageId());
    byte[] key = e.partitionKey().map(EnvelopeCodec::utf8).orElse(null);
    Map<String, String> props = e.properties();
    if (props.size() > MAX_PROPERTIES) {
      throw new IllegalArgumentException("message " + e.messageId() + " has " + props.size()
          + " properties; the SQS record holds at most " + MAX_PROPERTIES);
    }
    byte[][] names = new byte[props.size()][];
    byte[][] values = new byte[props.size()][];
    int size = MAGIC.length + 1 + 1 + 2 + id.length + (key != null ? 2 + key.length : 0) + 2 + 4 + e.bodySize();
    int i = 0;
    for (Map.Entry<String, String> p : props.entrySet()) {
      names[i] = utf8(p.getKey());
      values[i] = utf8(p.getValue());
      size += 2 + names[i].length + 2 + values[i].length;
      i++;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(MAGIC).put(VERSION).put((byte) (key != null ? FLAG_KEY : 0));
    b.putShort((short) id.length).put(id);
    if (key != null) {
      b.putShort((short) key.length).put(key);
    }
    b.putShort((short) names.length);
    for (int j = 0; j < names.length; j++) {
      b.putShort((short) names[j].length).put(names[j]);
      b.putShort((short) values[j].length).put(values[j]);
    }
    b.putInt(e.bodySize()).put(e.body());
    return b.array();
  }

  /** The size SQS counts for a message carrying {@code record}: body text, name, type, value. */
  static int sqsSize(byte[] record) {
    return FIXED_SQS_BYTES + record.length;
  }

  /** The message attributes carrying {@code record}. */
  static Map<String, MessageAttributeValue> attributes(byte[] record) {
    return Map.of(ATTRIBUTE, MessageAttributeValue.builder().dataType(DATA_TYPE)
        .binaryValue(SdkBytes.fromByteArrayUnsafe(record)).build());
  }

  /**
   * The envelope of a received message, without delivery data: decoded from its record, or, for a
   * message without one (written by another SQS producer), raw: the SQS body's UTF-8 bytes, the
   * SQS message id, its message attributes as properties (String and Number as their text, Binary
   * as Base64) and its FIFO message group id as the partition key.
   */
  static Envelope decode(Message m) {
    MessageAttributeValue a = m.messageAttributes().get(ATTRIBUTE);
    if (a != null && DATA_TYPE.equals(a.dataType()) && a.binaryValue() != null) {
      try {
        return decodeRecord(a.binaryValue().asByteArrayUnsafe());
      } catch (RecordFormatException | IllegalArgumentException ex) {
        log.warn("SQS message {} has an unreadable {} attribute ({}); delivering it raw",
            m.messageId(), ATTRIBUTE, ex.getMessage());
      }
    }
    return raw(m);
  }

  /** A message of another producer, as described at {@link #decode}. */
  static Envelope raw(Message m) {
    Envelope.Builder b = Envelope.builder()
        .body(m.body() == null ? new byte[0] : m.body().getBytes(StandardCharsets.UTF_8));
    if (m.messageId() != null && !m.messageId().isEmpty()) {
      b.messageId(m.messageId());
    }
    String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    if (group != null && !group.isEmpty()) {
      b.partitionKey(group);
    }
    m.messageAttributes().forEach((name, v) -> {
      String value;
      String type = v.dataType() == null ? "" : v.dataType();
      if (type.startsWith("Binary")) {
        value = v.binaryValue() == null ? "" : Base64.getEncoder().encodeToString(v.binaryValue().asByteArrayUnsafe());
      } else {
        value = v.stringValue() == null ? "" : v.stringValue();
      }
      try {
        b.property(name, value);
      } catch (IllegalArgumentException tooBig) {
        log.warn("SQS message {}: attribute '{}' is left out of the properties: {}", m.messageId(), name,
            tooBig.getMessage());
      }
    });
    return b.build();
  }

  /** Decodes a record. */
  static Envelope decodeRecord(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    need(b, MAGIC.length + 2, "header");
    for (byte m : MAGIC) {
      if (b.get() != m) {
        throw new RecordFormatException("bad magic");
      }
    }
    byte version = b.get();
    if (version != VERSION) {
      throw new RecordFormatException("unknown version " + version);
    }
    int flags = b.get();
    if ((flags & ~FLAG_KEY) != 0) {
      throw new RecordFormatException("unknown flags " + flags);
    }
    Envelope.Builder e = Envelope.builder().messageId(string(b, "message id"));
    if ((flags & FLAG_KEY) != 0) {
      e.partitionKey(string(b, "partition key"));
    }
    need(b, 2, "property count");
    int count = Short.toUnsignedInt(b.getShort());
    if (count > MAX_PROPERTIES) {
      throw new RecordFormatException(count + " properties, over " + MAX_PROPERTIES);
    }
    for (int i = 0; i < count; i++) {
      String name = string(b, "property name");
      e.property(name, string(b, "property value"));
    }
    need(b, 4, "body length");
    int length = b.getInt();
    if (length != b.remaining()) {
      throw new RecordFormatException("body length " + Integer.toUnsignedString(length) + " but "
          + b.remaining() + " bytes left");
    }
    byte[] body = new byte[length];
    b.get(body);
    return e.body(body).build();
  }

  private static String string(ByteBuffer b, String what) {
    need(b, 2, what + " length");
    int n = Short.toUnsignedInt(b.getShort());
    need(b, n, what);
    ByteBuffer slice = b.slice().limit(n);
    b.position(b.position() + n);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice).toString();
    } catch (CharacterCodingException ex) {
      throw new RecordFormatException(what + " is not UTF-8");
    }
  }

  private static void need(ByteBuffer b, int n, String what) {
    if (b.remaining() < n) {
      throw new RecordFormatException("truncated at the " + what);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A record that does not follow the format. */
  static final class RecordFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordFormatException(String message) {
      super(message);
    }
  }
}
