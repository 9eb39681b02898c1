package org.mesosexec.local;

import static org.apache.mesos.Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE;
import static org.apache.mesos.Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.local.LocalOptions.Timed;

/** The command line of {@code run-executor.sh --local TASKFILE [options]} (DESIGN §3). */
public class LocalOptionsTest {

  private static LocalOptions parse(String... args) {
    return LocalOptions.parse(List.of(args));
  }

  private static String rejection(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
  }

  @Test
  public void taskFileAloneLeavesEveryOptionAtItsDefault() {
    LocalOptions o = parse("tasks.json");

    assertEquals(Path.of("tasks.json"), o.taskFile());
    assertEquals(Optional.empty(), o.sandbox());
    assertEquals(List.of(), o.kills());
    assertEquals(List.of(), o.messages());
    assertEquals(Optional.empty(), o.shutdownAfter());
    assertFalse(o.checkpoint());
    assertEquals(List.of(), o.capabilities());
    assertEquals(List.of(), o.fetches());
    assertEquals(List.of(), o.defaultCommand());
  }

  @Test
  public void fetchIsRepeatableAndKeepsItsOrder() {
    LocalOptions o = parse("--fetch", "lib/a.jar", "tasks.json", "--fetch", "/opt/b.jar");

    assertEquals(List.of(Path.of("lib/a.jar"), Path.of("/opt/b.jar")), o.fetches());
  }

  @Test
  public void fetchNeedsAPath() {
    assertThat(rejection("tasks.json", "--fetch"), containsString("--fetch needs a value"));
  }

  @Test
  public void sandboxIsTaken() {
    assertEquals(
        Optional.of(Path.of("/tmp/box")), parse("tasks.json", "--sandbox", "/tmp/box").sandbox());
  }

  @Test
  public void optionsMayComeBeforeTheTaskFile() {
    LocalOptions o = parse("--sandbox", "/tmp/box", "--checkpoint", "tasks.json");

    assertEquals(Path.of("tasks.json"), o.taskFile());
    assertEquals(Optional.of(Path.of("/tmp/box")), o.sandbox());
    assertTrue(o.checkpoint());
  }

  @Test
  public void killIsRepeatable() {
    LocalOptions o = parse("tasks.json", "--kill", "t1@2", "--kill", "t2@0.5");

    assertEquals(
        List.of(
            new Timed<>("t1", Duration.ofSeconds(2)), new Timed<>("t2", Duration.ofMillis(500))),
        o.kills());
  }

  @Test
  public void killSplitsAtTheLastAt() {
    LocalOptions o = parse("tasks.json", "--kill", "user@host@1");

    assertEquals(List.of(new Timed<>("user@host", Duration.ofSeconds(1))), o.kills());
  }

  @Test
  public void shutdownAfterTakesDecimalSeconds() {
    assertEquals(
        Optional.of(Duration.ofMillis(3250)),
        parse("tasks.json", "--shutdown-after", "3.25").shutdownAfter());
  }

  @Test
  public void zeroSecondsMeansAtRegistration() {
    assertEquals(
        Optional.of(Duration.ZERO), parse("tasks.json", "--shutdown-after", "0").shutdownAfter());
  }

  @Test
  public void messageWithAtInsideItsJsonIsSplitAtTheLastAt() {
    LocalOptions o = parse("tasks.json", "--message", "{\"to\":\"ops@example.com\"}@1.5");

    assertEquals(
        List.of(new Timed<>("{\"to\":\"ops@example.com\"}", Duration.ofMillis(1500))),
        o.messages());
  }

  @Test
  public void messageIsRepeatable() {
    LocalOptions o = parse("tasks.json", "--message", "{}@1", "--message", "[1]@2");

    assertEquals(
        List.of(
            new Timed<>("{}", Duration.ofSeconds(1)), new Timed<>("[1]", Duration.ofSeconds(2))),
        o.messages());
  }

  @Test
  public void checkpointIsAFlag() {
    assertTrue(parse("tasks.json", "--checkpoint").checkpoint());
  }

  @Test
  public void frameworkCapabilityIsRepeatable() {
    LocalOptions o =
        parse(
            "tasks.json",
            "--framework-capability",
            "TASK_KILLING_STATE",
            "--framework-capability",
            "PARTITION_AWARE");

    assertEquals(List.of(TASK_KILLING_STATE, PARTITION_AWARE), o.capabilities());
  }

  @Test
  public void rejectsUnknownCapabilityListingTheKnownOnes() {
    String message = rejection("tasks.json", "--framework-capability", "TASK_KILLING");

    assertThat(
        message, containsString("--framework-capability: unknown capability 'TASK_KILLING'"));
    assertThat(message, containsString("known: ["));
    assertThat(message, containsString("TASK_KILLING_STATE"));
    assertThat(message, containsString("PARTITION_AWARE"));
  }

  @Test
  public void rejectsNegativeSeconds() {
    assertEquals(
        "--shutdown-after: '-1' is not a number of seconds (for example 2 or 0.5)",
        rejection("tasks.json", "--shutdown-after", "-1"));
  }

  @Test
  public void rejectsNegativeKillTime() {
    assertEquals(
        "--kill: '-0.5' is not a number of seconds (for example 2 or 0.5)",
        rejection("tasks.json", "--kill", "t1@-0.5"));
  }

  @Test
  public void rejectsNotANumberSeconds() {
    assertThat(
        rejection("tasks.json", "--message", "{}@NaN"),
        containsString("--message: 'NaN' is not a number of seconds"));
  }

  @Test
  public void rejectsInfiniteSeconds() {
    assertThat(
        rejection("tasks.json", "--shutdown-after", "Infinity"),
        containsString("'Infinity' is not a number of seconds"));
  }

  @Test
  public void rejectsSecondsWithAUnit() {
    assertThat(
        rejection("tasks.json", "--shutdown-after", "5s"),
        containsString("'5s' is not a number of seconds"));
  }

  @Test
  public void rejectsSecondsWithAJavaLiteralSuffix() {
    assertThat(
        rejection("tasks.json", "--shutdown-after", "2d"),
        containsString("'2d' is not a number of seconds"));
  }

  @Test
  public void rejectsHexadecimalSeconds() {
    assertThat(
        rejection("tasks.json", "--shutdown-after", "0x1p3"),
        containsString("'0x1p3' is not a number of seconds"));
  }

  @Test
  public void rejectsKillWithoutSeconds() {
    assertEquals("--kill t1: expected VALUE@SECONDS", rejection("tasks.json", "--kill", "t1"));
  }

  @Test
  public void rejectsKillWithoutTaskId() {
    assertEquals("--kill @3: expected VALUE@SECONDS", rejection("tasks.json", "--kill", "@3"));
  }

  @Test
  public void rejectsUnknownOption() {
    assertEquals("unknown option --verbose", rejection("tasks.json", "--verbose"));
  }

  @Test
  public void rejectsUnknownOptionBeforeTheTaskFile() {
    assertEquals("unknown option --dry-run", rejection("--dry-run", "tasks.json"));
  }

  @Test
  public void rejectsMissingTaskFile() {
    assertEquals("TASKFILE is missing", rejection());
  }

  @Test
  public void rejectsOptionsWithoutTaskFile() {
    assertEquals("TASKFILE is missing", rejection("--checkpoint", "--kill", "t1@1"));
  }

  @Test
  public void rejectsOptionMissingItsValue() {
    assertEquals("--kill needs a value", rejection("tasks.json", "--kill"));
    assertEquals("--sandbox needs a value", rejection("tasks.json", "--sandbox"));
    assertEquals("--message needs a value", rejection("tasks.json", "--message"));
    assertEquals("--shutdown-after needs a value", rejection("tasks.json", "--shutdown-after"));
    assertEquals(
        "--framework-capability needs a value", rejection("tasks.json", "--framework-capability"));
  }

  @Test
  public void wordsAfterTheTaskFileAreTheDefaultCommand() {
    LocalOptions o = parse("tasks.json", "python", "-m", "http.server");

    assertEquals(List.of("python", "-m", "http.server"), o.defaultCommand());
  }

  @Test
  public void optionsAfterTheDefaultCommandBelongToIt() {
    LocalOptions o = parse("tasks.json", "--checkpoint", "ls", "--all", "--kill", "x");

    assertTrue(o.checkpoint());
    assertEquals(List.of(), o.kills());
    assertEquals(List.of("ls", "--all", "--kill", "x"), o.defaultCommand());
  }

  @Test
  public void wordsAfterDoubleDashAreTheDefaultCommand() {
    LocalOptions o = parse("tasks.json", "--", "--weird-program", "--checkpoint");

    assertFalse(o.checkpoint());
    assertEquals(List.of("--weird-program", "--checkpoint"), o.defaultCommand());
  }

  @Test
  public void doubleDashWithNothingAfterItLeavesNoDefaultCommand() {
    assertEquals(List.of(), parse("tasks.json", "--").defaultCommand());
  }

  @Test
  public void usageNamesEveryOption() {
    for (String option :
        List.of(
            "--sandbox",
            "--kill",
            "--shutdown-after",
            "--message",
            "--checkpoint",
            "--framework-capability",
            "--fetch",
            "TASKFILE")) {
      assertThat(LocalOptions.USAGE, containsString(option));
    }
  }
}
