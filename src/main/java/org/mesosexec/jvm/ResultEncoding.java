package org.mesosexec.jvm;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.mesosexec.jvm.JvmOutcome.Kind;
import org.mesosexec.jvm.JvmSpec.ResultFormat;

/** A finished JVM task's result as the bytes of {@code TaskStatus.data}, within the cap. */
final class ResultEncoding {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private ResultEncoding() {}

  /**
   * The outcome of a task that returned {@code result}: FINISHED with its encoding (none for {@code
   * null}), or FAILED when it cannot be encoded or is over {@code maxBytes}. The result's own code
   * ({@code writeObject}, {@code writeReplace}) runs here, so every throwable is caught.
   */
  static JvmOutcome encode(Object result, ResultFormat format, int maxBytes) {
    if (result == null) {
      return new JvmOutcome(Kind.FINISHED, "", new byte[0]);
    }
    String type = result.getClass().getName();
    byte[] data;
    try {
      data =
          switch (format) {
            case JSON -> GSON.toJson(result).getBytes(StandardCharsets.UTF_8);
            case JAVA -> serialized(result);
          };
    } catch (NotSerializableException e) {
      return failed(
          "result of class " + type + " is not serializable (" + e.getMessage() + " is not)");
    } catch (StackOverflowError e) {
      return failed("result of class " + type + " cannot be encoded: it refers to itself");
    } catch (Throwable e) { // the result's own code: whatever it throws fails the task, no more
      return failed(
          "result of class "
              + type
              + " cannot be encoded as "
              + format
              + ": "
              + JvmOutcome.describe(e));
    }
    if (data.length > maxBytes) {
      return failed(
          "result of "
              + data.length
              + " bytes is over EXECUTOR_MAX_RESULT_BYTES ("
              + maxBytes
              + ")");
    }
    return new JvmOutcome(Kind.FINISHED, "", data);
  }

  private static byte[] serialized(Object result) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(result);
    }
    return bytes.toByteArray();
  }

  private static JvmOutcome failed(String message) {
    return new JvmOutcome(Kind.FAILED, message, new byte[0]);
  }
}
