package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.Test;
import org.mesosexec.json.Json;
import org.mesosexec.jvm.JvmSpec;

/** The task spec of DESIGN §4, as a scheduler writes it in TaskInfo.data. */
public class TaskSpecParserTest {

  private static TaskSpec parse(String json) {
    return TaskSpecParser.parse(Json.parse(json).getAsJsonObject());
  }

  private static String rejection(String json) {
    return assertThrows(InvalidTaskException.class, () -> parse(json)).getMessage();
  }

  @Test
  public void commandRunsThroughTheShell() {
    TaskSpec spec = parse("{\"command\": \"python train.py --epochs 3\"}");

    assertEquals(new Work.Shell("python train.py --epochs 3"), spec.work());
    assertEquals(
        List.of("/bin/sh", "-c", "python train.py --epochs 3"),
        ((Work.Command) spec.work()).argv());
  }

  @Test
  public void commandAloneLeavesEverythingElseToDefaults() {
    TaskSpec spec = parse("{\"command\": \"true\"}");

    assertEquals(Map.of(), spec.env());
    assertEquals(Optional.empty(), spec.user());
    assertEquals(Optional.empty(), spec.killGracePeriod());
    assertEquals(Optional.empty(), spec.maxCompletionTime());
    assertEquals(Optional.empty(), spec.progress());
  }

  @Test
  public void cookCommandSpecIsAccepted() {
    TaskSpec spec = parse("{\"command\": \"echo progress: 50 halfway; sleep 1\"}");

    assertEquals(new Work.Shell("echo progress: 50 halfway; sleep 1"), spec.work());
  }

  @Test
  public void argvIsExecutedWithoutShell() {
    TaskSpec spec = parse("{\"argv\": [\"python\", \"train.py\", \"a b\"]}");

    assertEquals(new Work.Exec(List.of("python", "train.py", "a b")), spec.work());
    assertEquals(List.of("python", "train.py", "a b"), ((Work.Command) spec.work()).argv());
  }

  @Test
  public void rejectsBothCommandAndArgv() {
    assertEquals(
        "the task spec needs exactly one of \"command\", \"argv\" and \"jvm\" (got command and argv)",
        rejection("{\"command\": \"ls\", \"argv\": [\"ls\"]}"));
  }

  @Test
  public void rejectsSpecWithNeitherCommandNorArgv() {
    assertEquals(
        "the task spec needs exactly one of \"command\", \"argv\" and \"jvm\" (got neither)",
        rejection("{\"env\": {\"A\": \"1\"}}"));
  }

  @Test
  public void rejectsEmptyObject() {
    assertThat(rejection("{}"), containsString("(got neither)"));
  }

  @Test
  public void rejectsEmptyCommand() {
    assertEquals("\"command\" is empty", rejection("{\"command\": \"\"}"));
  }

  @Test
  public void rejectsBlankCommand() {
    assertEquals("\"command\" is empty", rejection("{\"command\": \"   \"}"));
  }

  @Test
  public void rejectsEmptyArgv() {
    assertEquals(
        "\"argv\" is empty; it needs at least the program to run", rejection("{\"argv\": []}"));
  }

  @Test
  public void rejectsArgvWithEmptyProgram() {
    assertThat(rejection("{\"argv\": [\"\", \"x\"]}"), containsString("\"argv\" is empty"));
  }

  @Test
  public void rejectsCommandThatIsANumber() {
    assertEquals("\"command\" must be a string, got a number", rejection("{\"command\": 42}"));
  }

  @Test
  public void rejectsCommandThatIsNull() {
    assertEquals("\"command\" must be a string, got null", rejection("{\"command\": null}"));
  }

  @Test
  public void rejectsArgvThatIsAString() {
    assertEquals(
        "\"argv\" must be an array of strings, got a string", rejection("{\"argv\": \"ls -l\"}"));
  }

  @Test
  public void rejectsArgvWithANumberElementNamingItsIndex() {
    assertEquals(
        "\"argv[1]\" must be a string, got a number", rejection("{\"argv\": [\"sleep\", 10]}"));
  }

  @Test
  public void envIsCopiedIntoTheSpec() {
    TaskSpec spec = parse("{\"command\": \"env\", \"env\": {\"A\": \"1\", \"B\": \"\"}}");

    assertEquals(Map.of("A", "1", "B", ""), spec.env());
  }

  @Test
  public void rejectsEnvThatIsNotAnObject() {
    assertEquals(
        "\"env\" must be an object of string values, got an array",
        rejection("{\"command\": \"env\", \"env\": [\"A=1\"]}"));
  }

  @Test
  public void rejectsEnvWithNonStringValueNamingTheVariable() {
    assertThat(
        rejection("{\"command\": \"env\", \"env\": {\"RETRIES\": 3}}"),
        containsString("\"env.RETRIES\" must be a string, got a number"));
  }

  @Test
  public void rejectsEnvWithNonStringValueSayingItIsInEnv() {
    // A variable named like a spec key makes today's message point at the wrong place:
    // "\"command\" must be a string, got a number" although the command is fine.
    String message = rejection("{\"command\": \"env\", \"env\": {\"command\": 1}}");

    assertThat(message, containsString("env"));
    assertThat(message, containsString("must be a string, got a number"));
  }

  @Test
  public void rejectsEnvVariableNameWithEqualsSign() {
    assertEquals(
        "\"env\" has an invalid variable name \"A=B\"",
        rejection("{\"command\": \"env\", \"env\": {\"A=B\": \"1\"}}"));
  }

  @Test
  public void rejectsEmptyEnvVariableName() {
    assertEquals(
        "\"env\" has an invalid variable name \"\"",
        rejection("{\"command\": \"env\", \"env\": {\"\": \"1\"}}"));
  }

  @Test
  public void userIsTaken() {
    assertEquals(
        Optional.of("nobody"), parse("{\"command\": \"id\", \"user\": \"nobody\"}").user());
  }

  @Test
  public void rejectsEmptyUser() {
    assertEquals("\"user\" is empty", rejection("{\"command\": \"id\", \"user\": \"\"}"));
  }

  @Test
  public void rejectsUserThatIsANumber() {
    assertEquals(
        "\"user\" must be a string, got a number", rejection("{\"command\": \"id\", \"user\": 0}"));
  }

  @Test
  public void killGracePeriodAndMaxCompletionTimeAreMilliseconds() {
    TaskSpec spec =
        parse(
            "{\"command\": \"x\", \"kill_grace_period_ms\": 3000,"
                + " \"max_completion_time_ms\": 600000}");

    assertEquals(Optional.of(Duration.ofSeconds(3)), spec.killGracePeriod());
    assertEquals(Optional.of(Duration.ofMinutes(10)), spec.maxCompletionTime());
  }

  @Test
  public void zeroKillGracePeriodMeansKillAtOnce() {
    assertEquals(
        Optional.of(Duration.ZERO),
        parse("{\"command\": \"x\", \"kill_grace_period_ms\": 0}").killGracePeriod());
  }

  @Test
  public void rejectsKillGracePeriodThatIsAString() {
    assertEquals(
        "\"kill_grace_period_ms\" must be a whole number of milliseconds, got a string",
        rejection("{\"command\": \"x\", \"kill_grace_period_ms\": \"3000\"}"));
  }

  @Test
  public void rejectsFractionalKillGracePeriod() {
    assertThat(
        rejection("{\"command\": \"x\", \"kill_grace_period_ms\": 1.5}"),
        containsString("\"kill_grace_period_ms\" must be a whole number of milliseconds"));
  }

  @Test
  public void rejectsFractionalKillGracePeriodShowingTheValue() {
    // Today: "\"kill_grace_period_ms\" must be a whole number of milliseconds, got a number".
    assertThat(
        rejection("{\"command\": \"x\", \"kill_grace_period_ms\": 1.5}"),
        containsString("got 1.5"));
  }

  @Test
  public void rejectsNegativeKillGracePeriod() {
    assertEquals(
        "\"kill_grace_period_ms\" must be at least 0, got -1",
        rejection("{\"command\": \"x\", \"kill_grace_period_ms\": -1}"));
  }

  @Test
  public void rejectsZeroMaxCompletionTime() {
    assertEquals(
        "\"max_completion_time_ms\" must be at least 1, got 0",
        rejection("{\"command\": \"x\", \"max_completion_time_ms\": 0}"));
  }

  @Test
  public void rejectsUnknownKeyNamingIt() {
    String message = rejection("{\"comand\": \"ls\"}");

    assertEquals(
        "unknown key \"comand\" in the task spec; known keys are command, argv, env, user,"
            + " progress, kill_grace_period_ms, max_completion_time_ms, health_check,"
            + " running_after_healthy, jvm, output",
        message);
  }

  @Test
  public void runningAfterHealthyIsAFlagThatDefaultsToFalse() {
    assertFalse(parse("{\"command\": \"x\"}").runningAfterHealthy());
    assertTrue(
        parse("{\"command\": \"x\", \"running_after_healthy\": true}").runningAfterHealthy());
    assertFalse(
        parse("{\"command\": \"x\", \"running_after_healthy\": false}").runningAfterHealthy());
    assertEquals(
        "\"running_after_healthy\" must be true or false, got a string",
        rejection("{\"command\": \"x\", \"running_after_healthy\": \"yes\"}"));
  }

  @Test
  public void rejectsUnknownKeyNextToAValidCommand() {
    assertThat(
        rejection("{\"command\": \"ls\", \"cpus\": 1}"), containsString("unknown key \"cpus\""));
  }

  @Test
  public void progressSettingsAreParsed() {
    TaskSpec spec =
        parse(
            "{\"command\": \"x\", \"progress\": {\"file\": \"progress.log\","
                + " \"regex\": \"progress: (\\\\d+)\", \"sample_interval_ms\": 500}}");

    TaskSpec.ProgressSpec progress = spec.progress().get();
    assertEquals(Optional.of("progress.log"), progress.file());
    assertEquals("progress: (\\d+)", progress.regex().get().pattern());
    assertEquals(Optional.of(Duration.ofMillis(500)), progress.sampleInterval());
  }

  @Test
  public void emptyProgressObjectLeavesEveryValueToTheSettings() {
    TaskSpec.ProgressSpec progress =
        parse("{\"command\": \"x\", \"progress\": {}}").progress().get();

    assertFalse(progress.file().isPresent());
    assertFalse(progress.regex().isPresent());
    assertFalse(progress.sampleInterval().isPresent());
  }

  @Test
  public void rejectsProgressThatIsNotAnObject() {
    assertEquals(
        "\"progress\" must be an object, got a string",
        rejection("{\"command\": \"x\", \"progress\": \"stdout\"}"));
  }

  @Test
  public void rejectsBadProgressRegex() {
    assertThat(
        rejection("{\"command\": \"x\", \"progress\": {\"regex\": \"progress: (\"}}"),
        containsString("\"progress.regex\" is not a valid regular expression: "));
  }

  @Test
  public void rejectsABacktrackingProgressRegexNamingTheFieldAndTheConstruct() {
    String why = rejection("{\"command\": \"x\", \"progress\": {\"regex\": \"((a+)\\\\2?)+$\"}}");

    assertThat(why, containsString("\"progress.regex\" uses a backreference ('\\2')"));
    assertThat(why, containsString("RE2 syntax"));
  }

  @Test
  public void rejectsAProgressRegexWithoutCaptureGroup() {
    String why = rejection("{\"command\": \"x\", \"progress\": {\"regex\": \"progress: \\\\d+\"}}");

    assertThat(why, containsString("\"progress.regex\" has no capture group: group 1 must"));
  }

  @Test
  public void anEmptyProgressRegexNeedsNoGroup() {
    TaskSpec spec = parse("{\"command\": \"x\", \"progress\": {\"regex\": \"\"}}");

    assertEquals("", spec.progress().orElseThrow().regex().orElseThrow().pattern());
  }

  @Test
  public void rejectsUnknownProgressKeyNamingIt() {
    assertEquals(
        "unknown key \"progress.interval\"; known keys are file, regex, sample_interval_ms",
        rejection("{\"command\": \"x\", \"progress\": {\"interval\": 500}}"));
  }

  @Test
  public void rejectsProgressSampleIntervalBelowMinimum() {
    String message = rejection("{\"command\": \"x\", \"progress\": {\"sample_interval_ms\": 99}}");

    assertThat(message, containsString("sample_interval_ms"));
    assertThat(message, containsString("must be at least 100, got 99"));
  }

  @Test
  public void rejectsAbsoluteProgressFile() {
    assertEquals(
        "\"progress.file\" must be relative to the task directory, without '..': /tmp/progress",
        rejection("{\"command\": \"x\", \"progress\": {\"file\": \"/tmp/progress\"}}"));
  }

  @Test
  public void rejectsProgressFileLeavingTheTaskDirectory() {
    assertThat(
        rejection("{\"command\": \"x\", \"progress\": {\"file\": \"logs/../../stdout\"}}"),
        containsString("\"progress.file\" must be relative to the task directory"));
  }

  @Test
  public void rejectsCommandHealthCheckWithoutItsCommand() {
    assertEquals(
        "health_check.command is missing: a COMMAND check needs the command to run",
        rejection("{\"command\": \"x\", \"health_check\": {\"type\": \"COMMAND\"}}"));
  }

  @Test
  public void jvmTaskIsParsedWithItsDefaults() {
    TaskSpec spec =
        parse("{\"jvm\": {\"class\": \"com.acme.Train\", \"classpath\": [\"lib/acme.jar\"]}}");

    assertEquals(
        new Work.JvmClass(
            new JvmSpec(
                "com.acme.Train",
                List.of("lib/acme.jar"),
                "null",
                JvmSpec.Isolation.THREAD,
                JvmSpec.ResultFormat.JSON,
                OptionalInt.empty())),
        spec.work());
  }

  @Test
  public void marathonAppJsonRunsItsCmdWithItsEnv() {
    TaskSpec spec =
        parse(
            "{\"id\": \"/app\", \"cmd\": \"python -m http.server $PORT0\","
                + " \"env\": {\"MODE\": \"prod\"}, \"cpus\": 1, \"mem\": 128, \"instances\": 2}");

    assertEquals(new Work.Shell("python -m http.server $PORT0"), spec.work());
    assertEquals(Map.of("MODE", "prod"), spec.env());
  }

  @Test
  public void marathonAppJsonWithArgsIsExecutedWithoutShell() {
    TaskSpec spec = parse("{\"id\": \"/app\", \"args\": [\"sleep\", \"100\"], \"cpus\": 0.5}");

    assertEquals(new Work.Exec(List.of("sleep", "100")), spec.work());
  }

  @Test
  public void marathonAppJsonWithNullArgsRunsItsCmd() {
    TaskSpec spec = parse("{\"id\": \"/app\", \"cmd\": \"sleep 1\", \"args\": null}");

    assertEquals(new Work.Shell("sleep 1"), spec.work());
  }

  @Test
  public void marathonAppJsonWithEmptyArgsRunsItsCmd() {
    // Marathon itself only refuses cmd together with a non-empty args.
    TaskSpec spec = parse("{\"id\": \"/app\", \"cmd\": \"sleep 1\", \"args\": []}");

    assertEquals(new Work.Shell("sleep 1"), spec.work());
  }

  @Test
  public void rejectsMarathonAppJsonWithCmdAndArgs() {
    assertEquals(
        "Marathon app JSON: give \"cmd\" or \"args\", not both",
        rejection("{\"id\": \"/app\", \"cmd\": \"sleep 1\", \"args\": [\"sleep\", \"1\"]}"));
  }

  @Test
  public void marathonAppJsonUserIsTaken() {
    assertEquals(Optional.of("nobody"), parse("{\"cmd\": \"id\", \"user\": \"nobody\"}").user());
  }

  @Test
  public void rejectsMarathonArgsWithANumberNamingTheIndex() {
    assertEquals(
        "\"args[1]\" must be a string, got a number", rejection("{\"args\": [\"sleep\", 1]}"));
  }

  @Test
  public void millisecondFieldsPastTenYearsAreRefusedNamingTheField() {
    assertEquals(
        "\"kill_grace_period_ms\" must be at most 315360000000 (3650 days), got" + " 9223372036855",
        rejection("{\"command\": \"x\", \"kill_grace_period_ms\": 9223372036855}"));
    assertThat(
        rejection("{\"command\": \"x\", \"max_completion_time_ms\": 1e300}"),
        containsString("\"max_completion_time_ms\" must be at most 315360000000"));
    assertThat(
        rejection("{\"command\": \"x\", \"progress\": {\"sample_interval_ms\": 9223372036855}}"),
        containsString("\"sample_interval_ms\" must be at most 315360000000"));
    assertEquals(
        java.util.Optional.of(java.time.Duration.ofDays(3650)),
        parse("{\"command\": \"x\", \"max_completion_time_ms\": 315360000000}")
            .maxCompletionTime());
  }

  @Test
  public void aNumberWithAHugeExponentIsRefusedWithoutWritingItOut() {
    for (String n : List.of("1e-999999999", "-1e999999999", "1e-99999")) {
      String message = rejection("{\"command\": \"x\", \"kill_grace_period_ms\": " + n + "}");

      assertThat(message, containsString("\"kill_grace_period_ms\" must be"));
      assertTrue(message, message.length() < 500);
    }
  }

  @Test
  public void aNulInCommandArgvOrEnvIsNamed() {
    assertThat(
        rejection("{\"command\": \"echo a\\u0000b\"}"),
        containsString("\"command\" contains a NUL character"));
    assertThat(
        rejection("{\"argv\": [\"echo\", \"a\\u0000b\"]}"),
        containsString("\"argv[1]\" contains a NUL character"));
    assertThat(
        rejection("{\"command\": \"x\", \"env\": {\"K\": \"a\\u0000b\"}}"),
        containsString("\"env\".K contains a NUL character"));
    assertThat(
        rejection("{\"cmd\": \"echo a\\u0000b\"}"),
        containsString("\"cmd\" contains a NUL character"));
  }

  @Test
  public void aMegabyteUnknownKeyIsQuotedShort() {
    String message = rejection("{\"command\": \"x\", \"" + "k".repeat(1 << 20) + "\": 1}");

    assertThat(message, containsString("(1048576 characters)"));
    assertTrue(message, message.length() < 500);
  }

  @Test
  public void userNamesAreCheckedBeforeAnyLookup() {
    assertThat(
        rejection("{\"command\": \"x\", \"user\": \"a/b\"}"),
        containsString("\"user\" \"a/b\" is not a user name"));
    assertEquals(
        java.util.Optional.of("nobody"),
        parse("{\"command\": \"x\", \"user\": \"nobody\"}").user());
  }
}
