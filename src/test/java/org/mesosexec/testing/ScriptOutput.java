package org.mesosexec.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.idValue;
import static org.mesosexec.testing.StatusJson.taskId;
import static org.mesosexec.testing.StatusJson.tryParse;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What a finished child printed and how it ended, with accessors for the local mode's JSON lines
 * (DESIGN §3): {@code registered}, {@code status}, {@code message}, {@code exit}. {@link
 * StatusJson} reads the TaskStatuses it returns.
 */
public final class ScriptOutput {
  private final String description;
  private final List<String> stdoutLines;
  private final String stderr;
  private final int exitStatus;

  ScriptOutput(String description, List<String> stdoutLines, String stderr, int exitStatus) {
    this.description = description;
    this.stdoutLines = stdoutLines;
    this.stderr = stderr;
    this.exitStatus = exitStatus;
  }

  /** The child's exit status. */
  public int exitStatus() {
    return exitStatus;
  }

  /** Everything the child wrote to stderr. */
  public String stderr() {
    return stderr;
  }

  /** Every stdout line, as printed. */
  public List<String> stdoutLines() {
    return stdoutLines;
  }

  /** Every stdout line as a JSON object; fails naming the first line that is not one. */
  public List<JsonObject> events() {
    return stdoutLines.stream()
        .map(
            line ->
                tryParse(line)
                    .orElseThrow(
                        () ->
                            new AssertionError(
                                "stdout line is not a JSON object: '" + line + "'\n" + this)))
        .toList();
  }

  /**
   * Checks the shape DESIGN §3 promises for every local run: only JSON objects on stdout, first
   * {@code registered}, last {@code exit} with the process's exit status, and every status update
   * stamped with source, agent, executor, timestamp and uuid.
   */
  public ScriptOutput assertWellFormed() {
    List<JsonObject> events = events();
    assertTrue("no output at all\n" + this, events.size() >= 2);
    assertEquals("first line\n" + this, "registered", event(events.get(0)));
    assertEquals("last line\n" + this, "exit", event(events.get(events.size() - 1)));
    assertEquals("exit line vs exit status\n" + this, exitStatus, exitCode());
    for (JsonObject e : events.subList(1, events.size() - 1)) {
      String kind = event(e);
      assertTrue(
          "unexpected event " + e + "\n" + this,
          List.of("status", "message", "disconnected", "reregistered").contains(kind));
      if (kind.equals("status")) {
        assertStamped(e.getAsJsonObject("status"));
      }
    }
    return this;
  }

  /** The {@code registered} line. */
  public JsonObject registered() {
    return events().stream()
        .filter(e -> event(e).equals("registered"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no registered line\n" + this));
  }

  /** The sandbox named by the {@code registered} line. */
  public Path sandbox() {
    return Path.of(registered().get("sandbox").getAsString());
  }

  /** The code of the {@code exit} line. */
  public int exitCode() {
    List<JsonObject> exits = events().stream().filter(e -> event(e).equals("exit")).toList();
    assertEquals("exit lines\n" + this, 1, exits.size());
    return exits.get(0).get("code").getAsInt();
  }

  /** Every TaskStatus printed, in order. */
  public List<JsonObject> statuses() {
    return events().stream()
        .filter(e -> event(e).equals("status"))
        .map(e -> e.getAsJsonObject("status"))
        .toList();
  }

  /** The TaskStatuses of one task, in order. */
  public List<JsonObject> statuses(String taskId) {
    return statuses().stream().filter(s -> taskId(s).equals(taskId)).toList();
  }

  /** The states one task went through, in order. */
  public List<String> states(String taskId) {
    return statuses(taskId).stream().map(s -> s.get("state").getAsString()).toList();
  }

  /** The one terminal update of a task; fails if there is none or more than one. */
  public JsonObject terminal(String taskId) {
    List<JsonObject> terminals = statuses(taskId).stream().filter(StatusJson::isTerminal).toList();
    assertEquals("terminal updates of " + taskId + "\n" + this, 1, terminals.size());
    return terminals.get(0);
  }

  /** The pid a task's TASK_RUNNING update reports ({@code "pid N"}). */
  public long taskPid(String taskId) {
    return statuses(taskId).stream()
        .filter(s -> field(s, "state").equals("TASK_RUNNING"))
        .findFirst()
        .map(StatusJson::pidOf)
        .orElseThrow(() -> new AssertionError("no TASK_RUNNING for " + taskId + "\n" + this));
  }

  /** The pids of every TASK_RUNNING update, for cleaning up after a failed test. */
  public List<Long> taskPids() {
    return statuses().stream()
        .filter(s -> field(s, "state").equals("TASK_RUNNING"))
        .map(s -> field(s, "message"))
        .filter(m -> m.matches("pid \\d+"))
        .map(m -> Long.parseLong(m.substring("pid ".length())))
        .toList();
  }

  /** The values of the {@code message} lines, in order. */
  public List<JsonElement> messages() {
    return events().stream()
        .filter(e -> event(e).equals("message"))
        .map(e -> e.get("message"))
        .toList();
  }

  private static String event(JsonObject e) {
    JsonElement kind = e.get("event");
    assertNotNull("line without \"event\": " + e, kind);
    return kind.getAsString();
  }

  private void assertStamped(JsonObject s) {
    String where = "status " + s + "\n" + this;
    assertEquals(where, "SOURCE_EXECUTOR", field(s, "source"));
    assertTrue("task_id: " + where, !idValue(s, "task_id").isEmpty());
    assertTrue("slave_id: " + where, !idValue(s, "slave_id").isEmpty());
    assertTrue("executor_id: " + where, !idValue(s, "executor_id").isEmpty());
    assertTrue("timestamp: " + where, s.has("timestamp"));
    double timestamp = s.get("timestamp").getAsDouble();
    assertTrue(
        "timestamp in seconds since the epoch: " + where, timestamp > 1e9 && timestamp < 1e10);
    byte[] uuid = Base64.getDecoder().decode(field(s, "uuid"));
    assertEquals("uuid bytes: " + where, 16, uuid.length);
    if (field(s, "state").isEmpty() || field(s, "state").equals("TASK_STAGING")) {
      fail("bad state: " + where);
    }
  }

  @Override
  public String toString() {
    return "--- "
        + description
        + " exited "
        + exitStatus
        + "\n--- stdout:\n"
        + String.join("\n", stdoutLines)
        + "\n--- stderr:\n"
        + stderr
        + "---";
  }
}
