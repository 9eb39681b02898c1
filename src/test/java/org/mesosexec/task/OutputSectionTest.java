package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.Test;
import org.mesosexec.output.EventFormat;
import org.mesosexec.output.OutputSpec;

public class OutputSectionTest {
  private static TaskSpec parse(String json) {
    return TaskSpecParser.parse(JsonParser.parseString(json).getAsJsonObject());
  }

  private static String refusal(String output) {
    return assertThrows(
            output,
            InvalidTaskException.class,
            () -> parse("{\"command\": \"true\", \"output\": " + output + "}"))
        .getMessage();
  }

  @Test
  public void everyKeyIsRead() {
    OutputSpec output =
        parse(
                "{\"command\": \"true\", \"output\": {\"events\": \"logfmt\","
                    + " \"max_stdout_size\": \"10MB\", \"max_stderr_size\": \"512KB\","
                    + " \"keep\": 7}}")
            .output();
    assertEquals(
        new OutputSpec(
            Optional.of(EventFormat.LOGFMT),
            OptionalLong.of(10L << 20),
            OptionalLong.of(512L << 10),
            OptionalInt.of(7)),
        output);
  }

  @Test
  public void aSpecWithoutOutputLeavesEverythingToTheSettings() {
    assertEquals(OutputSpec.none(), parse("{\"command\": \"true\"}").output());
    assertEquals(OutputSpec.none(), parse("{\"command\": \"true\", \"output\": null}").output());
    assertEquals(OutputSpec.none(), parse("{\"command\": \"true\", \"output\": {}}").output());
  }

  @Test
  public void eachFormatIsKnownByItsLowerCaseName() {
    for (EventFormat f : EventFormat.values()) {
      String name = f.name().toLowerCase(java.util.Locale.ROOT);
      assertEquals(
          Optional.of(f),
          parse("{\"command\": \"true\", \"output\": {\"events\": \"" + name + "\"}}")
              .output()
              .events());
    }
  }

  @Test
  public void badValuesAreRefusedNamingTheKey() {
    assertTrue(refusal("{\"events\": \"xml\"}").startsWith("\"output.events\": "));
    assertTrue(refusal("{\"events\": 1}").startsWith("\"output.events\" must be a string"));
    for (String size : new String[] {"\"0B\"", "\"-1KB\"", "\"1KB\"", "\"lots\"", "1048576"}) {
      String m = refusal("{\"max_stdout_size\": " + size + "}");
      assertTrue(m, m.startsWith("\"output.max_stdout_size\""));
      m = refusal("{\"max_stderr_size\": " + size + "}");
      assertTrue(m, m.startsWith("\"output.max_stderr_size\""));
    }
    for (String keep : new String[] {"0", "-2", "101", "1.5", "\"3\"", "1e99"}) {
      String m = refusal("{\"keep\": " + keep + "}");
      assertTrue(m, m.startsWith("\"output.keep\""));
    }
  }

  @Test
  public void unknownKeysAndWrongTypesAreRefused() {
    assertTrue(refusal("{\"rotate\": true}").startsWith("unknown key \"output.rotate\""));
    assertTrue(refusal("[]").startsWith("\"output\" must be an object"));
  }
}
