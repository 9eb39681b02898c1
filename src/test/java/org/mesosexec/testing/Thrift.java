package org.mesosexec.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;

/**
 * Values written with libthrift's own generic protocol writer ({@code TBinaryProtocol} into a
 * {@code TMemoryBuffer}): the reference the executor's decoder is tested against, with no code of
 * the decoder's in the path. Structs are lists of fields, written in the order given.
 */
public final class Thrift {
  private Thrift() {}

  /** A value of some Thrift type, written with the protocol. */
  public interface Value {
    byte type();

    void write(TProtocol out) throws TException;
  }

  /** A struct's field. */
  public record Field(int id, Value value) {}

  /** The bytes of a struct with these fields, as TBinaryProtocol writes it. */
  public static byte[] bytes(List<Field> fields) {
    try {
      TMemoryBuffer buffer = new TMemoryBuffer(256);
      struct(fields).write(new TBinaryProtocol(buffer));
      byte[] out = new byte[buffer.length()];
      System.arraycopy(buffer.getArray(), 0, out, 0, out.length);
      return out;
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Field field(int id, Value value) {
    return new Field(id, value);
  }

  public static Value struct(List<Field> fields) {
    return value(
        TType.STRUCT,
        out -> {
          out.writeStructBegin(new TStruct("s"));
          for (Field f : fields) {
            out.writeFieldBegin(new TField("f" + f.id(), f.value().type(), (short) f.id()));
            f.value().write(out);
            out.writeFieldEnd();
          }
          out.writeFieldStop();
          out.writeStructEnd();
        });
  }

  public static Value struct(Field... fields) {
    return struct(List.of(fields));
  }

  public static Value string(String s) {
    return value(TType.STRING, out -> out.writeString(s));
  }

  public static Value bool(boolean b) {
    return value(TType.BOOL, out -> out.writeBool(b));
  }

  public static Value i8(byte b) {
    return value(TType.BYTE, out -> out.writeByte(b));
  }

  public static Value i16(short v) {
    return value(TType.I16, out -> out.writeI16(v));
  }

  public static Value i32(int v) {
    return value(TType.I32, out -> out.writeI32(v));
  }

  public static Value i64(long v) {
    return value(TType.I64, out -> out.writeI64(v));
  }

  public static Value dbl(double v) {
    return value(TType.DOUBLE, out -> out.writeDouble(v));
  }

  public static Value uuid(UUID v) {
    return value(TType.UUID, out -> out.writeUuid(v));
  }

  /** A map of {@code keyType} to {@code valueType}; {@code pairs} alternate key, value. */
  public static Value map(byte keyType, byte valueType, Value... pairs) {
    return value(
        TType.MAP,
        out -> {
          out.writeMapBegin(new TMap(keyType, valueType, pairs.length / 2));
          for (Value v : pairs) {
            v.write(out);
          }
          out.writeMapEnd();
        });
  }

  public static Value list(byte elementType, Value... elements) {
    return value(
        TType.LIST,
        out -> {
          out.writeListBegin(new TList(elementType, elements.length));
          for (Value v : elements) {
            v.write(out);
          }
          out.writeListEnd();
        });
  }

  public static Value set(byte elementType, Value... elements) {
    return value(
        TType.SET,
        out -> {
          out.writeSetBegin(new TSet(elementType, elements.length));
          for (Value v : elements) {
            v.write(out);
          }
          out.writeSetEnd();
        });
  }

  /** A union: a struct with exactly one field set. */
  public static Value union(int id, Value value) {
    return struct(field(id, value));
  }

  /** {@code fields} in reverse order: readers may not assume any order. */
  public static List<Field> reversed(List<Field> fields) {
    List<Field> r = new ArrayList<>(fields);
    java.util.Collections.reverse(r);
    return r;
  }

  private interface Writer {
    void write(TProtocol out) throws TException;
  }

  private static Value value(byte type, Writer writer) {
    return new Value() {
      @Override
      public byte type() {
        return type;
      }

      @Override
      public void write(TProtocol out) throws TException {
        writer.write(out);
      }
    };
  }
}
