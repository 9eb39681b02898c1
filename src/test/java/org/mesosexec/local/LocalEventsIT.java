package org.mesosexec.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * The output events example, {@code conf/examples/events.json}, run as a user would run it: {@code
 * EXECUTOR_OUTPUT_EVENTS=json run-executor.sh --local conf/examples/events.json}, through the
 * shipped Log4j configuration to the task's {@code events.json}.
 */
public class LocalEventsIT {
  private static final Pattern END_COUNT =
      Pattern.compile(
          "Task events output events at its end: 3 lines read, (\\d+) events sent, 0 dropped"
              + " \\(0 over the rate limit, 0 with the buffer full, 0 failed at the destination,"
              + " 0 with the executor stopping\\), (\\d+) waiting");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void eachLineIsOneEnrichedEventInTheTasksEventsFile() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("events.json"), "--sandbox", tmp.getRoot())
            .env("EXECUTOR_OUTPUT_EVENTS", "json")
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("events"), "state"));
    List<JsonObject> events = eventsOf(out.sandbox().resolve("tasks/events/events.json"));
    assertEquals(events.toString(), 3, events.size());
    List<Long> sequences = new ArrayList<>();
    for (JsonObject e : events) {
      assertEnriched(e);
      sequences.add(e.get("sequence").getAsLong());
    }
    assertEquals(List.of(1L, 2L, 3L), sequences.stream().sorted().toList());

    JsonObject json = find(events, e -> e.has("msg") && !e.has("message"));
    assertEquals("stdout", json.get("stream").getAsString());
    assertEquals("cache warm", json.get("msg").getAsString());
    assertEquals("info", json.get("level").getAsString());
    assertEquals("JSON types kept", 42, json.get("entries").getAsInt());

    JsonObject logfmt = find(events, e -> message(e).startsWith("level="));
    assertEquals("stdout", logfmt.get("stream").getAsString());
    assertEquals(
        "not parsed when the format is json",
        "level=warn msg=\"slow disk\" took=3s",
        message(logfmt));
    assertFalse(logfmt.has("level"));

    JsonObject plain = find(events, e -> message(e).equals("plain words"));
    assertEquals("stderr", plain.get("stream").getAsString());

    // Logged once the shipper's thread has written the task's last event: none is waiting.
    String log = Files.readString(out.sandbox().resolve("executor.log"));
    Matcher end = END_COUNT.matcher(log);
    assertTrue(log, end.find());
    assertEquals(end.group(), 3, Long.parseLong(end.group(1)));
    assertEquals(end.group(), 0, Long.parseLong(end.group(2)));
  }

  private static void assertEnriched(JsonObject e) {
    assertEquals(e.toString(), "events", e.get("task_id").getAsString());
    assertEquals(e.toString(), "events", e.get("task_name").getAsString());
    assertEquals(e.toString(), "search", e.getAsJsonObject("labels").get("team").getAsString());
    for (String key : List.of("executor_id", "framework_id", "agent_id", "host", "@timestamp")) {
      assertFalse(e + " has " + key, e.get(key).getAsString().isEmpty());
    }
  }

  private static String message(JsonObject e) {
    return e.has("message") ? e.get("message").getAsString() : "";
  }

  private static JsonObject find(List<JsonObject> events, Predicate<JsonObject> p) {
    List<JsonObject> found = events.stream().filter(p).toList();
    assertEquals(events.toString(), 1, found.size());
    return found.get(0);
  }

  private static List<JsonObject> eventsOf(Path file) throws Exception {
    assertTrue("written: " + file, Files.isRegularFile(file));
    List<JsonObject> events = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      events.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return events;
  }
}
