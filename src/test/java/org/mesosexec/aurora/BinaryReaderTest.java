package org.mesosexec.aurora;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.mesosexec.testing.Thrift.field;
import static org.mesosexec.testing.Thrift.list;
import static org.mesosexec.testing.Thrift.string;
import static org.mesosexec.testing.Thrift.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.thrift.protocol.TType;
import org.junit.Test;
import org.mesosexec.testing.Thrift;
import org.mesosexec.testing.Thrift.Field;
import org.mesosexec.testing.Thrift.Value;

/** The bounded walk of the binary protocol: every type libthrift writes, and every bound. */
public class BinaryReaderTest {
  /** Skips the one struct in {@code data} and returns how many bytes are left. */
  private static int skipStruct(byte[] data) {
    BinaryReader in = new BinaryReader(data);
    in.skip(ThriftType.STRUCT);
    return in.remaining();
  }

  private static String refusal(byte[] data) {
    return assertThrows(AuroraDataException.class, () -> skipStruct(data)).getMessage();
  }

  @Test
  public void skipsAStructWithEveryTypeLibthriftWrites() {
    byte[] data =
        Thrift.bytes(
            List.of(
                field(1, Thrift.bool(true)),
                field(2, Thrift.i8((byte) -1)),
                field(3, Thrift.i16((short) -2)),
                field(4, Thrift.i32(-3)),
                field(5, Thrift.i64(-4)),
                field(6, Thrift.dbl(2.5)),
                field(7, string("s")),
                field(8, Thrift.uuid(UUID.randomUUID())),
                field(9, struct(field(1, string("nested")))),
                field(10, Thrift.map(TType.STRING, TType.STRUCT, string("k"), struct())),
                field(11, Thrift.set(TType.DOUBLE, Thrift.dbl(1), Thrift.dbl(2))),
                field(12, list(TType.LIST, list(TType.BOOL, Thrift.bool(false)))),
                field(13, Thrift.union(2, string("one of"))),
                field(32767, string("the largest id")),
                field(-32768, string("the smallest"))));

    assertEquals(0, skipStruct(data));
  }

  @Test
  public void readsPrimitivesAsLibthriftWritesThem() {
    byte[] data = Thrift.bytes(List.of(field(-2, Thrift.i32(-123456)), field(3, string("ä"))));
    BinaryReader in = new BinaryReader(data);

    assertEquals(new BinaryReader.Field(ThriftType.I32, -2), in.field());
    assertEquals(-123456, in.i32());
    assertEquals(new BinaryReader.Field(ThriftType.STRING, 3), in.field());
    assertEquals("ä", in.string("s"));
    assertEquals(true, in.field().stop());
    assertEquals(0, in.remaining());
  }

  @Test
  public void aHugeDeclaredStringLengthIsRefusedAtOnce() {
    byte[] data = {11, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x', 0};

    assertThat(refusal(data), containsString("a string declares 2147483647 bytes, but 2 are left"));
  }

  @Test
  public void aNegativeLengthIsRefused() {
    byte[] data = {11, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 0};

    assertThat(refusal(data), containsString("declares -2 bytes"));
  }

  @Test
  public void aHugeDeclaredMapCountIsRefusedAtOnce() {
    byte[] data = {13, 0, 1, 11, 8, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};

    assertThat(
        refusal(data),
        containsString("a map declares 2147483647 elements, more than the 1 bytes left hold"));
  }

  @Test
  public void aHugeDeclaredListCountIsRefusedAtOnce() {
    byte[] data = {15, 0, 1, 10, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};

    assertThat(refusal(data), containsString("declares 2147483647 elements"));
  }

  @Test
  public void aListCountIsBoundedByItsElementsSize() {
    // 2 i64s need 16 bytes; 9 are left after the header.
    byte[] data = {15, 0, 1, 10, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0};

    assertThat(refusal(data), containsString("declares 2 elements, more than the 9 bytes left"));
  }

  @Test
  public void nestingPastTheBoundIsRefused() {
    Value v = struct();
    for (int i = 0; i < BinaryReader.MAX_DEPTH; i++) {
      v = struct(field(1, v));
    }
    byte[] data = Thrift.bytes(List.of(field(1, v)));

    assertThat(refusal(data), containsString("is nested more than 64 deep"));
  }

  @Test
  public void nestingUpToTheBoundIsRead() {
    Value v = list(TType.I32);
    for (int i = 0; i < BinaryReader.MAX_DEPTH - 2; i++) {
      v = list(TType.LIST, v);
    }
    byte[] data = Thrift.bytes(List.of(field(1, v)));

    assertEquals(0, skipStruct(data));
  }

  @Test
  public void anUnknownTypeCodeIsRefused() {
    assertThat(refusal(new byte[] {9, 0, 1, 0}), containsString("unknown Thrift type code 9"));
  }

  @Test
  public void stopAsAnElementTypeIsRefused() {
    byte[] data = {15, 0, 1, 0, 0x7f, 0, 0, 0, 0};

    assertThat(refusal(data), containsString("STOP is not a type of value"));
  }

  @Test
  public void aStructWithoutItsStopIsTruncated() {
    byte[] data = Thrift.bytes(List.of(field(1, string("x"))));

    assertThat(
        refusal(java.util.Arrays.copyOf(data, data.length - 1)),
        containsString("the data ends inside a field"));
  }

  @Test
  public void manyFieldsAreReadInOnePass() {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      fields.add(field(i, Thrift.i64(i)));
    }

    assertEquals(0, skipStruct(Thrift.bytes(fields)));
  }
}
