package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.json.Json;

/** One field of a task spec read as the type it must have, or refused with the key named. */
public class SpecFieldsTest {
  private static JsonObject o(String json) {
    return Json.parse(json).getAsJsonObject();
  }

  private static String refusal(org.junit.function.ThrowingRunnable r) {
    return assertThrows(InvalidTaskException.class, r).getMessage();
  }

  @Test
  public void stringsListsAndMapsAreRead() {
    JsonObject spec = o("{\"s\":\"x\",\"l\":[\"a\",\"b\"],\"m\":{\"K\":\"v\"}}");
    assertEquals("x", SpecFields.string(spec, "s"));
    assertEquals(List.of("a", "b"), SpecFields.stringList(spec, "l"));
    assertEquals(Map.of("K", "v"), SpecFields.stringMap(spec, "m"));
    assertEquals(Map.of(), SpecFields.stringMap(spec, "absent"));
    assertEquals(Optional.empty(), SpecFields.optionalString(spec, "absent"));
  }

  @Test
  public void wrongTypesNameTheKey() {
    assertEquals(
        "\"l[1]\" must be a string, got a number",
        refusal(() -> SpecFields.stringList(o("{\"l\":[\"a\",1]}"), "l")));
  }

  @Test
  public void millisecondsAreWholeAndBounded() {
    assertEquals(Optional.of(Duration.ofMillis(5)), SpecFields.millis(o("{\"t\":5}"), "t", 1));
    assertEquals(
        "\"t\" must be at least 1, got 0",
        refusal(() -> SpecFields.millis(o("{\"t\":0}"), "t", 1)));
    assertEquals(
        "\"t\" must be a whole number of milliseconds, got 1.5",
        refusal(() -> SpecFields.millis(o("{\"t\":1.5}"), "t", 0)));
  }
}
