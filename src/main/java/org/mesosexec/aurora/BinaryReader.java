package org.mesosexec.aurora;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounded walk of Thrift's binary protocol over bytes in memory. Every length and count is
 * checked against the bytes that remain before anything is allocated or skipped, and containers
 * nest at most {@link #MAX_DEPTH} deep, so that no input costs more memory than its own size, more
 * time than a pass over it, or more stack than the depth bound: anything else is an {@link
 * AuroraDataException} that says what and where. Not thread-safe: one reader per input.
 */
final class BinaryReader {
  /** Deeper than any of Aurora's structs (AssignedTask nests about six deep). */
  static final int MAX_DEPTH = 64;

  /** A field's header: its type ({@link ThriftType#STOP} at the end of a struct) and its id. */
  record Field(ThriftType type, int id) {
    boolean stop() {
      return type == ThriftType.STOP;
    }
  }

  private final byte[] in;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int depth;

  /** Reads {@code in}, which it never changes; nor may the caller while it reads. */
  BinaryReader(byte[] in) {
    this.in = in;
  }

  int remaining() {
    return in.length - pos;
  }

  /** The next field's header. */
  Field field() {
    ThriftType type = type("a field");
    return type == ThriftType.STOP ? new Field(type, 0) : new Field(type, i16());
  }

  /** A type code, refused if Thrift has no such type; {@code what} names its place. */
  ThriftType type(String what) {
    need(1, what);
    int code = in[pos] & 0xff;
    ThriftType type =
        ThriftType.of(code)
            .orElseThrow(() -> fail("unknown Thrift type code " + code + " for " + what));
    pos++;
    return type;
  }

  /** An element type of a container: any value type, never STOP. */
  ThriftType elementType(String what) {
    ThriftType type = type(what);
    if (type == ThriftType.STOP) {
      throw fail("STOP is not a type of value, but is given for " + what);
    }
    return type;
  }

  int i16() {
    need(2, "an i16");
    int v = (short) (((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  int i32() {
    need(4, "an i32");
    int v =
        ((in[pos] & 0xff) << 24)
            | ((in[pos + 1] & 0xff) << 16)
            | ((in[pos + 2] & 0xff) << 8)
            | (in[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** A string (UTF-8, as Thrift writes them); {@code what} names it in a refusal. */
  String string(String what) {
    int length = length(what);
    try {
      String s = utf8.decode(ByteBuffer.wrap(in, pos, length)).toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw fail(what + " is not UTF-8 text");
    }
  }

  /**
   * A container's count, refused when negative or when that many elements of {@code minBytes} each
   * cannot fit in the bytes that remain.
   */
  int count(String what, int minBytes) {
    int n = i32();
    if (n < 0 || (long) n * minBytes > remaining()) {
      throw fail(
          what + " declares " + n + " elements, more than the " + remaining() + " bytes left hold");
    }
    return n;
  }

  /** Enters a struct or container; refused past {@link #MAX_DEPTH}. */
  void enter(String what) {
    if (++depth > MAX_DEPTH) {
      throw fail(what + " is nested more than " + MAX_DEPTH + " deep");
    }
  }

  void leave() {
    depth--;
  }

  /** Skips a value of {@code type}: a field the executor does not use, whatever it holds. */
  void skip(ThriftType type) {
    switch (type) {
      case STOP -> throw fail("STOP is not a type of value");
      case STRING -> advance(length("a string"));
      case STRUCT -> {
        enter("a struct");
        for (Field f = field(); !f.stop(); f = field()) {
          skip(f.type());
        }
        leave();
      }
      case MAP -> {
        enter("a map");
        ThriftType key = elementType("a map's keys");
        ThriftType value = elementType("a map's values");
        skipAll(count("a map", key.minBytes + value.minBytes), key, value);
        leave();
      }
      case SET, LIST -> {
        enter("a " + type.name().toLowerCase(java.util.Locale.ROOT));
        ThriftType element = elementType("a list's or set's elements");
        skipAll(count("a list or set", element.minBytes), element, null);
        leave();
      }
      default -> advance(type.minBytes);
    }
  }

  private void skipAll(int n, ThriftType first, ThriftType second) {
    if (first.fixedSize() && (second == null || second.fixedSize())) {
      advance(n * (first.minBytes + (second == null ? 0 : second.minBytes)));
      return;
    }
    for (int i = 0; i < n; i++) {
      skip(first);
      if (second != null) {
        skip(second);
      }
    }
  }

  private int length(String what) {
    int length = i32();
    if (length < 0 || length > remaining()) {
      throw fail(what + " declares " + length + " bytes, but " + remaining() + " are left");
    }
    return length;
  }

  private void advance(int bytes) {
    need(bytes, "a value");
    pos += bytes;
  }

  private void need(int bytes, String what) {
    if (bytes > remaining()) {
      throw fail("the data ends inside " + what + " (truncated?)");
    }
  }

  /** A refusal that says where in the data the problem is. */
  AuroraDataException fail(String message) {
    return new AuroraDataException(message + " (at byte " + pos + " of " + in.length + ")");
  }
}
