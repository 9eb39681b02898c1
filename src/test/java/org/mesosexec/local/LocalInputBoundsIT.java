package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * Hostile input to {@code run-executor.sh --local}, the real script and JVM (-Xss512k): a huge user
 * name is a task error, not a crash; a TASKFILE too deep or too large and settings past their
 * maximum stop the run at start-up with exit 2 and a short message (issue 10, defects 3, 9, 13,
 * 14b).
 */
public class LocalInputBoundsIT {
  /** A run that ends by itself ends well within this; a crash or a hang does not. */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  /** A start-up error is one line, quoting at most a few hundred characters. */
  private static final int MAX_STDERR = 2000;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void oneMegabyteUserIsATaskErrorAndTheJvmCarriesOn() throws Exception {
    Path taskFile = tmp.getRoot().toPath().resolve("tasks.json");
    try (BufferedWriter w = Files.newBufferedWriter(taskFile, StandardCharsets.UTF_8)) {
      w.write(
          "[{\"task_id\": {\"value\": \"big-user\"}, \"data\": {\"command\": \"true\","
              + " \"user\": \"");
      w.write("u".repeat(1024 * 1024));
      w.write("\"}}, {\"task_id\": {\"value\": \"good\"}, \"data\": {\"command\": \"true\"}}]");
    }
    long start = System.nanoTime();

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"))
            .timeout(LIMIT)
            .run()
            .assertWellFormed();

    JsonObject error = out.terminal("big-user");
    assertEquals(out.toString(), "TASK_ERROR", field(error, "state"));
    assertEquals("REASON_TASK_INVALID", field(error, "reason"));
    assertThat(field(error, "message"), containsString("\"user\""));
    assertTrue(field(error, "message").length() < 1000);
    assertEquals("TASK_FINISHED", field(out.terminal("good"), "state"));
    assertEquals("the run ended with its exit line, not a crash", 1, out.exitStatus());
    assertThat(out.stderr(), not(containsString("SIGSEGV")));
    assertTrue(System.nanoTime() - start < LIMIT.toNanos());
  }

  @Test
  public void taskFileNestedThreeThousandLevelsStopsTheRunWithExit2() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "deep.json",
            "{\"task_id\": {\"value\": \"deep\"}, \"data\": {\"command\": \"true\", \"x\": "
                + "[".repeat(3000)
                + "]".repeat(3000)
                + "}}");

    ScriptOutput out = LocalRunner.local(taskFile).timeout(LIMIT).run();

    assertStartupError(out, taskFile.toString(), "nest deeper than 64");
  }

  @Test
  public void taskFileWithOneFiftyMegabyteValueStopsTheRunWithExit2() throws Exception {
    Path taskFile = tmp.getRoot().toPath().resolve("big.json");
    try (BufferedWriter w = Files.newBufferedWriter(taskFile, StandardCharsets.UTF_8)) {
      w.write("{\"task_id\": {\"value\": \"big\"}, \"name\": \"");
      String chunk = "n".repeat(1024 * 1024);
      for (int i = 0; i < 50; i++) {
        w.write(chunk);
      }
      w.write("\", \"data\": {\"command\": \"true\"}}");
    }

    ScriptOutput out = LocalRunner.local(taskFile).timeout(LIMIT).run();

    assertStartupError(out, taskFile.toString(), "larger than the limit of 33554432 bytes");
  }

  @Test
  public void maxBytesReadPerLineAboveOneMebibyteStopsTheRunWithExit2() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
            .env("EXECUTOR_MAX_BYTES_READ_PER_LINE", "1000000000")
            .timeout(LIMIT)
            .run();

    assertStartupError(out, "EXECUTOR_MAX_BYTES_READ_PER_LINE", "maximum of 1048576");
    assertFalse(Files.exists(tmp.getRoot().toPath().resolve("tasks/hello")));
  }

  @Test
  public void progressFileVariableThatIsNotANameStopsTheRunWithExit2() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
            .env("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "A=B")
            .timeout(LIMIT)
            .run();

    assertStartupError(out, "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "'A=B' is not a variable name");
    assertFalse(Files.exists(tmp.getRoot().toPath().resolve("tasks/hello")));
  }

  @Test
  public void oneMegabyteSettingGivesAShortStartupError() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("hello.json"), "--sandbox", tmp.getRoot())
            .env("EXECUTOR_IDLE_TIMEOUT", "9".repeat(100_000))
            .timeout(LIMIT)
            .run();

    assertStartupError(out, "EXECUTOR_IDLE_TIMEOUT", "(100000 characters)");
  }

  @Test
  public void executorThatIsNotRootRefusesAnotherUserWithoutLookingItUp() throws Exception {
    Assume.assumeTrue(
        "needs root to start the executor as nobody",
        "root".equals(System.getProperty("user.name")));
    Path dir = tmp.newFolder("as-nobody").toPath();
    Files.setPosixFilePermissions(
        tmp.getRoot().toPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path taskFile =
        LocalRunner.writeFile(
            dir,
            "tasks.json",
            """
        [{"task_id": {"value": "other"}, "data": {"command": "true", "user": "no-such-user-xyz"}},
         {"task_id": {"value": "good"}, "data": {"command": "true"}}]
        """);
    Files.setPosixFilePermissions(taskFile, PosixFilePermissions.fromString("rw-r--r--"));

    ScriptOutput out =
        LocalRunner.command(
                Path.of("/usr/bin/setpriv"),
                "--reuid=nobody",
                "--regid=65534",
                "--clear-groups",
                LocalRunner.scriptPath(),
                "--local",
                taskFile,
                "--sandbox",
                dir.resolve("sandbox"))
            .timeout(LIMIT)
            .run()
            .assertWellFormed();

    JsonObject failed = out.terminal("other");
    assertEquals(out.toString(), "TASK_FAILED", field(failed, "state"));
    assertEquals("REASON_CONTAINER_LAUNCH_FAILED", field(failed, "reason"));
    assertThat(
        "the early refusal, not the lookup's 'no such user'",
        field(failed, "message"),
        containsString("the executor runs as 'nobody', and only root can switch users"));
    assertEquals("TASK_FINISHED", field(out.terminal("good"), "state"));
  }

  private static void assertStartupError(ScriptOutput out, String... fragments) throws IOException {
    assertEquals(out.toString(), 2, out.exitStatus());
    assertTrue("stdout holds nothing but JSON: " + out, out.events().isEmpty());
    for (String fragment : fragments) {
      assertThat(out.stderr(), containsString(fragment));
    }
    assertThat("a message, not a stack trace", out.stderr(), not(containsString("\tat ")));
    assertTrue(
        "a short message: " + out.stderr().length() + " characters",
        out.stderr().length() < MAX_STDERR);
  }
}
