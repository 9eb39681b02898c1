package org.mesosexec.aurora;

import java.util.Optional;

/**
 * The type codes of Thrift's binary protocol (TBinaryProtocol), with the fewest bytes a value of
 * each type takes: what bounds a declared count by the bytes that remain.
 */
enum ThriftType {
  STOP(0, 0),
  BOOL(2, 1),
  BYTE(3, 1),
  DOUBLE(4, 8),
  I16(6, 2),
  I32(8, 4),
  I64(10, 8),
  /** A length (i32) and that many bytes; {@code string} and {@code binary} alike. */
  STRING(11, 4),
  /** Fields, then a STOP byte. */
  STRUCT(12, 1),
  /** Key type, value type, count (i32), then the pairs. */
  MAP(13, 6),
  /** Element type, count (i32), then the elements. */
  SET(14, 5),
  LIST(15, 5),
  UUID(16, 16);

  final int code;

  /** The fewest bytes a value of this type takes; a fixed-size type's size. */
  final int minBytes;

  ThriftType(int code, int minBytes) {
    this.code = code;
    this.minBytes = minBytes;
  }

  /** The type with this code, if Thrift has one. */
  static Optional<ThriftType> of(int code) {
    for (ThriftType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether every value of this type has the same size, {@link #minBytes}. */
  boolean fixedSize() {
    return this != STRING && this != STRUCT && this != MAP && this != SET && this != LIST;
  }
}
