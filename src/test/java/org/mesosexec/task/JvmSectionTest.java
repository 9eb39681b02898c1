package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.Test;
import org.mesosexec.json.Json;
import org.mesosexec.jvm.JvmSpec;

/** The {@code jvm} key of a task spec: what it accepts, its defaults, and what it refuses. */
public class JvmSectionTest {
  private static JvmSpec jvm(String value) {
    TaskSpec spec = TaskSpecParser.parse(Json.parse("{\"jvm\": " + value + "}").getAsJsonObject());
    return ((Work.JvmClass) spec.work()).spec();
  }

  private static String rejection(String value) {
    return assertThrows(InvalidTaskException.class, () -> jvm(value)).getMessage();
  }

  @Test
  public void everyKeyIsRead() {
    JvmSpec spec =
        jvm(
            "{\"class\": \"com.acme.Train\", \"classpath\": [\"lib/a.jar\", \"lib/deps/*.jar\"],"
                + " \"args\": {\"epochs\": 3}, \"isolation\": \"process\", \"result\": \"java\","
                + " \"heap_mb\": 512}");

    assertEquals(
        new JvmSpec(
            "com.acme.Train",
            List.of("lib/a.jar", "lib/deps/*.jar"),
            "{\"epochs\":3}",
            JvmSpec.Isolation.PROCESS,
            JvmSpec.ResultFormat.JAVA,
            OptionalInt.of(512)),
        spec);
  }

  @Test
  public void aProcessTaskGetsTheDefaultHeap() {
    assertEquals(
        OptionalInt.of(JvmSection.DEFAULT_HEAP_MB),
        jvm("{\"class\": \"A\", \"isolation\": \"process\"}").heapMb());
  }

  @Test
  public void argsKeepAnyJsonValue() {
    assertEquals("[\"a\",\"b\"]", jvm("{\"class\": \"A\", \"args\": [\"a\", \"b\"]}").argsJson());
  }

  @Test
  public void refusesUnknownKeysNamingThem() {
    assertEquals(
        "unknown key \"jvm.heap\" in the task spec; known keys are class, classpath, args,"
            + " isolation, result, heap_mb",
        rejection("{\"class\": \"A\", \"heap\": 1}"));
  }

  @Test
  public void refusesAMissingClass() {
    assertEquals("\"jvm.class\" must be a class name, got null", rejection("{}"));
  }

  @Test
  public void refusesAnUnknownIsolationNamingTheChoices() {
    assertEquals(
        "\"jvm.isolation\" must be \"thread\" or \"process\", got \"container\"",
        rejection("{\"class\": \"A\", \"isolation\": \"container\"}"));
  }

  @Test
  public void refusesAResultFormatOfTheWrongType() {
    assertEquals(
        "\"jvm.result\" must be \"json\" or \"java\", got a number",
        rejection("{\"class\": \"A\", \"result\": 1}"));
  }

  @Test
  public void refusesAHeapForAThreadTask() {
    assertEquals(
        "\"jvm.heap_mb\" is only for \"isolation\": \"process\"; a thread task shares the"
            + " executor's heap",
        rejection("{\"class\": \"A\", \"heap_mb\": 64}"));
  }

  @Test
  public void refusesAHeapOutOfRange() {
    assertEquals(
        "\"jvm.heap_mb\" must be a whole number from 32 to 1048576, got 16",
        rejection("{\"class\": \"A\", \"isolation\": \"process\", \"heap_mb\": 16}"));
  }

  @Test
  public void refusesAClasspathEntryOutsideTheSandbox() {
    assertEquals(
        "\"jvm.classpath[1]\" must be a path relative to the sandbox, without '..': ../x.jar",
        rejection("{\"class\": \"A\", \"classpath\": [\"a.jar\", \"../x.jar\"]}"));
  }

  @Test
  public void refusesAClasspathThatIsNotAList() {
    assertEquals(
        "\"jvm.classpath\" must be an array of sandbox-relative paths, got a string",
        rejection("{\"class\": \"A\", \"classpath\": \"a.jar\"}"));
  }
}
