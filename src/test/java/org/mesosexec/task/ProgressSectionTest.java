package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.json.Json;

/** A task spec's progress section: its fields checked, unknown keys and escaping files refused. */
public class ProgressSectionTest {
  private static Optional<TaskSpec.ProgressSpec> parse(String json) {
    return ProgressSection.parse(Json.parse(json).getAsJsonObject());
  }

  @Test
  public void sectionIsReadWhenGiven() {
    TaskSpec.ProgressSpec p =
        parse("{\"progress\":{\"file\":\"p.log\",\"sample_interval_ms\":200}}").orElseThrow();
    assertEquals(Optional.of("p.log"), p.file());
    assertEquals(Optional.of(Duration.ofMillis(200)), p.sampleInterval());
    assertTrue(parse("{}").isEmpty());
  }

  @Test
  public void unknownKeysAndEscapingFilesAreRefused() {
    assertEquals(
        "unknown key \"progress.x\"; known keys are file, regex, sample_interval_ms",
        assertThrows(InvalidTaskException.class, () -> parse("{\"progress\":{\"x\":1}}"))
            .getMessage());
    assertThrows(InvalidTaskException.class, () -> parse("{\"progress\":{\"file\":\"../p.log\"}}"));
  }
}
