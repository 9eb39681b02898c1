package org.mesosexec.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;

/**
 * Prints a {@code TaskInfo} and a {@code TaskStatus} with every field set (nested messages, bytes,
 * enums, 64-bit and unsigned numbers, repeated fields) through protobuf's JSON mapping, as the
 * local mode prints and reads them, parses the text back and fails unless it is the same message.
 * Run as a {@code main} in a JVM whose class path is the shaded jar (and the test classes), it
 * proves that the jar still holds everything {@code JsonFormat} needs for the Mesos types. Prints
 * the number of fields it set; exits 1 on a difference, with a stack trace on any error.
 */
public final class JsonMappingRoundTrip {
  /** Deep enough to reach every field a task or a status carries, shallow enough to stay small. */
  private static final int MAX_DEPTH = 5;

  private int fields;

  private JsonMappingRoundTrip() {}

  public static void main(String[] args) throws Exception {
    JsonMappingRoundTrip samples = new JsonMappingRoundTrip();
    List<Message> messages =
        List.of(
            samples.sample(TaskInfo.newBuilder(), new ArrayDeque<>()),
            samples.sample(TaskStatus.newBuilder(), new ArrayDeque<>()));
    List<JsonFormat.Printer> printers =
        List.of(
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace(),
            JsonFormat.printer());
    for (Message m : messages) {
      for (JsonFormat.Printer printer : printers) {
        String json = printer.print(m);
        Message.Builder back = m.newBuilderForType();
        JsonFormat.parser().merge(json, back);
        if (!back.buildPartial().equals(m)) {
          System.out.println("differs after a round trip: " + json);
          System.exit(1);
        }
      }
    }
    System.out.println("fields " + samples.fields);
  }

  private Message sample(Message.Builder b, Deque<Descriptor> path) {
    Descriptor type = b.getDescriptorForType();
    path.push(type);
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && (path.size() >= MAX_DEPTH || path.contains(f.getMessageType()))) {
        continue;
      }
      int copies = f.isRepeated() ? 2 : 1;
      for (int i = 0; i < copies; i++) {
        Object value =
            f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                ? sample(b.newBuilderForField(f), path)
                : scalar(f, i);
        if (f.isRepeated()) {
          b.addRepeatedField(f, value);
        } else {
          b.setField(f, value);
        }
        fields++;
      }
    }
    path.pop();
    return b.buildPartial();
  }

  /** A value that is not the default, at the edges of the field's JSON form. */
  private static Object scalar(FieldDescriptor f, int i) {
    return switch (f.getJavaType()) {
      case INT -> f.getType() == FieldDescriptor.Type.UINT32 ? -2 - i : Integer.MIN_VALUE + i;
      case LONG -> f.getType() == FieldDescriptor.Type.UINT64 ? -1L - i : Long.MIN_VALUE + i;
      case FLOAT -> 1.5f + i;
      case DOUBLE -> 0.1 + i;
      case BOOLEAN -> true;
      case STRING -> "é \"" + f.getName() + "\" " + i;
      case BYTE_STRING -> ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff, 0, (byte) i});
      case ENUM -> lastValue(f);
      case MESSAGE -> throw new IllegalArgumentException(f.getFullName() + " is a message");
    };
  }

  private static EnumValueDescriptor lastValue(FieldDescriptor f) {
    List<EnumValueDescriptor> values = f.getEnumType().getValues();
    return values.get(values.size() - 1);
  }
}
