package org.mesosexec.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Reading one local-mode line or one TaskStatus in protobuf's JSON mapping (proto field names):
 * fields, ids, the terminal data {@code {"exit_code":N,"signal":S}} and the pid of TASK_RUNNING.
 */
public final class StatusJson {
  private static final Set<String> TERMINAL =
      Set.of(
          "TASK_FINISHED",
          "TASK_FAILED",
          "TASK_KILLED",
          "TASK_ERROR",
          "TASK_LOST",
          "TASK_DROPPED",
          "TASK_GONE",
          "TASK_GONE_BY_OPERATOR");

  private StatusJson() {}

  /** Parses one line strictly as a single JSON object (no trailing text), or empty. */
  public static Optional<JsonObject> tryParse(String line) {
    try {
      JsonReader reader = new JsonReader(new StringReader(line));
      reader.setStrictness(Strictness.STRICT);
      JsonElement e = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT || !e.isJsonObject()) {
        return Optional.empty();
      }
      return Optional.of(e.getAsJsonObject());
    } catch (JsonParseException | IOException | IllegalStateException notJson) {
      return Optional.empty();
    }
  }

  /** Whether a line is {@code {"event":"status"}} with a TaskStatus in {@code state}. */
  public static boolean isStatusEvent(JsonObject event, String state) {
    JsonElement kind = event.get("event");
    return kind != null
        && kind.getAsString().equals("status")
        && field(event.getAsJsonObject("status"), "state").equals(state);
  }

  /** Whether a TaskStatus is terminal. */
  public static boolean isTerminal(JsonObject status) {
    return TERMINAL.contains(field(status, "state"));
  }

  /** The task id of a TaskStatus. */
  public static String taskId(JsonObject status) {
    return idValue(status, "task_id");
  }

  /** A string field such as {@code state}, {@code reason}, {@code message}, or "" if absent. */
  public static String field(JsonObject status, String name) {
    JsonElement value = status.get(name);
    return value == null ? "" : value.getAsString();
  }

  /** The {@code value} of an id message such as {@code slave_id}, or "" when it is absent. */
  public static String idValue(JsonObject status, String name) {
    JsonElement id = status.get(name);
    if (id == null || !id.isJsonObject() || !id.getAsJsonObject().has("value")) {
      return "";
    }
    return id.getAsJsonObject().get("value").getAsString();
  }

  /** The pid in a TASK_RUNNING update's message ({@code "pid N"}). */
  public static long pidOf(JsonObject running) {
    String message = field(running, "message");
    assertTrue("TASK_RUNNING message names the pid: " + running, message.matches("pid \\d+"));
    return Long.parseLong(message.substring("pid ".length()));
  }

  /** {@code TaskStatus.data} (base64 in protobuf's JSON), decoded and parsed as JSON. */
  public static JsonObject data(JsonObject status) {
    assertTrue("status has no data: " + status, status.has("data"));
    String text =
        new String(
            Base64.getDecoder().decode(status.get("data").getAsString()), StandardCharsets.UTF_8);
    return tryParse(text)
        .orElseThrow(() -> new AssertionError("data is not a JSON object: " + text));
  }

  /**
   * Checks that a terminal update's data is exactly {@code {"exit_code":N,"signal":S}} (DESIGN §5),
   * {@code signal} null when the process exited by itself.
   */
  public static void assertExitData(JsonObject status, int exitCode, Integer signal) {
    JsonObject data = data(status);
    assertEquals("data keys of " + status, Set.of("exit_code", "signal"), data.keySet());
    assertEquals("exit_code in " + data, exitCode, data.get("exit_code").getAsInt());
    if (signal == null) {
      assertTrue("signal is null in " + data, data.get("signal").isJsonNull());
    } else {
      assertEquals("signal in " + data, signal.intValue(), data.get("signal").getAsInt());
    }
  }
}
