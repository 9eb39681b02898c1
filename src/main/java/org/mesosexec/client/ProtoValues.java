package org.mesosexec.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message as the plain values {@link JsonWriter} writes, in protobuf's JSON mapping with
 * proto field names (what the executor parses a spec's {@code health_check} with). Needs only
 * protobuf-java, not its JSON utilities.
 */
final class ProtoValues {
  private ProtoValues() {}

  static Map<String, Object> of(Message message) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      if (field.isRepeated()) {
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) e.getValue()) {
          items.add(value(item));
        }
        out.put(field.getName(), items);
      } else {
        out.put(field.getName(), value(e.getValue()));
      }
    }
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof Message m) {
      return of(m);
    } else if (v instanceof EnumValueDescriptor en) {
      return en.getName();
    } else if (v instanceof ByteString bytes) {
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
    return v; // String, Boolean, Integer, Long, Float, Double
  }
}
