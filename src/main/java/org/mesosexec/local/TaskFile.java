package org.mesosexec.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.json.Json;
import org.mesosexec.text.Quote;

/**
 * Reads the local mode's TASKFILE: one TaskInfo or an array of them in protobuf's JSON mapping,
 * where {@code data} may also be an embedded JSON object (the task spec).
 */
public final class TaskFile {
  /**
   * Larger TASKFILEs are refused before they are parsed: the executor runs with a small heap (256
   * MB), and parsing holds a file several times over (one 48 MB value ran it out of memory). Five
   * tasks with the largest data a task may carry (4 MiB, base64) fit.
   */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  private TaskFile() {}

  /**
   * Reads and checks every task in {@code file}.
   *
   * @throws IllegalArgumentException naming the file, the task and what is wrong
   */
  public static List<TaskInfo> read(Path file, SlaveID agent) {
    String text = text(file);
    JsonElement root;
    try {
      root = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TASKFILE " + file + " is not valid JSON: " + e.getMessage());
    }
    JsonArray items = root.isJsonArray() ? root.getAsJsonArray() : single(root);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("TASKFILE " + file + " holds no task");
    }
    List<TaskInfo> tasks = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        tasks.add(task(items.get(i), agent));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "TASKFILE "
                + file
                + ": task "
                + (i + 1)
                + " of "
                + items.size()
                + ": "
                + e.getMessage());
      }
    }
    return tasks;
  }

  /** The file's text, read no further than {@link #MAX_BYTES} (it may be a pipe). */
  private static String text(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("TASKFILE " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("TASKFILE " + file + " cannot be read: " + e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "TASKFILE " + file + " is larger than the limit of " + MAX_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static JsonArray single(JsonElement e) {
    JsonArray a = new JsonArray();
    a.add(e);
    return a;
  }

  private static TaskInfo task(JsonElement e, SlaveID agent) {
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("expected a TaskInfo object, got " + Json.typeOf(e));
    }
    JsonObject o = e.getAsJsonObject().deepCopy();
    // data is set on its own, not through the JSON mapping: a few megabytes are then held once.
    JsonElement data = o.remove("data");
    ByteString bytes = null;
    if (data != null && (data.isJsonObject() || data.isJsonArray())) {
      bytes = ByteString.copyFromUtf8(data.toString());
    } else if (data != null && data.isJsonPrimitive() && data.getAsJsonPrimitive().isString()) {
      try {
        bytes = UnsafeByteOperations.unsafeWrap(Base64.getDecoder().decode(data.getAsString()));
      } catch (IllegalArgumentException notBase64) {
        throw new IllegalArgumentException(
            "\"data\" must be a JSON object (the task spec) or a"
                + " base64 string; this string is not base64: "
                + notBase64.getMessage());
      }
    } else if (data != null && !data.isJsonNull()) {
      throw new IllegalArgumentException(
          "\"data\" must be a JSON object (the task spec) or a"
              + " base64 string, got "
              + Json.typeOf(data));
    }
    TaskInfo.Builder b = TaskInfo.newBuilder();
    try {
      JsonFormat.parser().merge(o.toString(), b);
    } catch (InvalidProtocolBufferException | RuntimeException ex) {
      throw new IllegalArgumentException("not a valid TaskInfo: " + Quote.cut(ex.getMessage()));
    }
    if (bytes != null) {
      b.setData(bytes);
    }
    if (!b.hasTaskId() || b.getTaskId().getValue().isEmpty()) {
      throw new IllegalArgumentException("task_id is missing");
    }
    if (!b.hasName()) {
      b.setName(b.getTaskId().getValue());
    }
    if (!b.hasSlaveId()) {
      b.setSlaveId(agent);
    }
    return b.build();
  }
}
