package dev.mq.kinesis.internal.codec;

/**
 * The few protobuf wire-format reads KPL de-aggregation needs: tags, varints and
 * length-delimited fields, each checked against the end of the message before use.
 */
final class ProtobufReader {

  static final int WIRE_VARINT = 0;
  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LENGTH_DELIMITED = 2;
  static final int WIRE_FIXED32 = 5;

  private final byte[] data;
  private int end;
  private int position;

  /** Reads {@code data[offset, end)}. */
  ProtobufReader(byte[] data, int offset, int end) {
    this.data = data;
    this.position = offset;
    this.end = end;
  }

  /** Reads {@code data[offset, end)} from now on; lets one reader serve many nested messages. */
  ProtobufReader reset(int offset, int end) {
    this.position = offset;
    this.end = end;
    return this;
  }

  boolean hasMore() {
    return position < end;
  }

  int position() {
    return position;
  }

  /** The next field's tag; its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. */
  int tag() {
    long tag = varint("field tag");
    if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
      throw new RecordFormatException("KPL aggregate: invalid field tag " + tag);
    }
    return (int) tag;
  }

  long varint(String what) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= end) {
        throw new RecordFormatException("KPL aggregate truncated inside " + what);
      }
      byte b = data[position++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new RecordFormatException("KPL aggregate: " + what + " is a varint longer than 10 bytes");
  }

  /**
   * Reads a length prefix and returns the start of the field's bytes; {@link #position()} is then
   * just past them.
   */
  int lengthDelimited(String what) {
    long length = varint(what); // no string built here: this runs for every field
    if (length < 0 || length > end - position) {
      throw new RecordFormatException("KPL aggregate: " + what + " length " + length
          + " is past the end (" + (end - position) + " bytes left)");
    }
    int start = position;
    position += (int) length;
    return start;
  }

  /** Skips a field of an unknown number (protobuf readers must ignore those). */
  void skip(int wireType, String what) {
    switch (wireType) {
      case WIRE_VARINT:
        varint(what);
        break;
      case WIRE_FIXED64:
        advance(8, what);
        break;
      case WIRE_LENGTH_DELIMITED:
        lengthDelimited(what);
        break;
      case WIRE_FIXED32:
        advance(4, what);
        break;
      default:
        throw new RecordFormatException("KPL aggregate: " + what + " has unsupported wire type "
            + wireType);
    }
  }

  private void advance(int n, String what) {
    if (n > end - position) {
      throw new RecordFormatException("KPL aggregate truncated inside " + what);
    }
    position += n;
  }
}
