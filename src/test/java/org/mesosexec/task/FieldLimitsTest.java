package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FieldLimitsTest {
  @Test
  public void ordinaryUserNamesPass() {
    for (String name : List.of("nobody", "www-data", "svc_build.1", "user$", "é")) {
      assertEquals(name, FieldLimits.user(name, "\"user\""));
    }
  }

  @Test
  public void userNamesThatNoSystemUsesAreRefusedNamingTheField() {
    for (String name : List.of("", "a/b", "a:b", "a b", "a\tb", "a\0b", "-rf", "u".repeat(65))) {
      assertThat(refusal(() -> FieldLimits.user(name, "\"user\"")), containsString("\"user\""));
    }
    assertEquals("u".repeat(64), FieldLimits.user("u".repeat(64), "\"user\""));
  }

  @Test
  public void aMegabyteUserNameIsQuotedShort() {
    String message = refusal(() -> FieldLimits.user("u".repeat(1 << 20), "\"user\""));

    assertTrue(message, message.length() < 500);
    assertThat(message, containsString("(1048576 characters)"));
  }

  @Test
  public void taskIdsAreFileNamesOfAtMost255Bytes() {
    FieldLimits.taskId("t".repeat(255));
    assertThat(refusal(() -> FieldLimits.taskId("t".repeat(256))), containsString("255 bytes"));
    // 86 three-byte characters are 258 bytes though only 86 characters.
    assertThat(
        refusal(() -> FieldLimits.taskId("\u20ac".repeat(86))), containsString("(258 bytes)"));
    for (String bad : List.of("", "a/b", ".hidden", "a\0b")) {
      assertThat(refusal(() -> FieldLimits.taskId(bad)), containsString("cannot name"));
    }
  }

  @Test
  public void aNulInAStringForExecIsRefusedNamingTheField() {
    assertEquals(
        "\"argv[2]\" contains a NUL character: \"a\\0b\"",
        refusal(() -> FieldLimits.text("a\0b", "\"argv[2]\"")));
  }

  @Test
  public void aStringLongerThanExecTakesIsRefusedWithItsSize() {
    FieldLimits.text("a".repeat(FieldLimits.MAX_STRING_BYTES), "\"command\"");

    String message = refusal(() -> FieldLimits.text("a".repeat(200_000), "\"command\""));

    assertThat(message, containsString("\"command\" is 200000 bytes; the limit is 131071"));
    assertTrue(message.length() < 500);
  }

  @Test
  public void variableNamesAndValuesAreChecked() {
    FieldLimits.variable("PATH", "/bin", "\"env\"");
    assertThat(
        refusal(() -> FieldLimits.variable("A=B", "x", "\"env\"")),
        containsString("\"env\" has an invalid variable name \"A=B\""));
    assertThat(
        refusal(() -> FieldLimits.variable("K", "a\0b", "TaskInfo.command.environment")),
        containsString("TaskInfo.command.environment.K contains a NUL"));
  }

  @Test
  public void argvAndEnvTogetherAreBoundedAsExecCountsThem() {
    String big = "a".repeat(100_000);
    FieldLimits.total(List.of("/bin/true", big), Map.of("A", big));

    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < 11; i++) {
      env.put("V" + i, big);
    }
    assertThat(
        refusal(() -> FieldLimits.total(List.of("/bin/true"), env)),
        containsString("the limit is 1048576"));
  }

  @Test
  public void durationsAreBoundedByTheDocumentedMaximum() {
    assertEquals(Duration.ofDays(3650), FieldLimits.duration(Duration.ofDays(3650), "x"));
    assertThat(
        refusal(() -> FieldLimits.duration(Duration.ofDays(3651), "TaskInfo.x")),
        containsString("TaskInfo.x must be at most 3650 days"));
    assertThat(
        refusal(() -> FieldLimits.duration(Duration.ofNanos(-1), "TaskInfo.x")),
        containsString("TaskInfo.x must be 0 or more"));
  }

  private static String refusal(Runnable check) {
    return assertThrows(InvalidTaskException.class, check::run).getMessage();
  }
}
