package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.Tasks;

/**
 * Tasks running as {@code nobody} that attack the files the root executor opens in the sandbox
 * (DESIGN §10): links out of the sandbox, FIFOs in place of files, directories prepared for a later
 * task. Nothing outside the sandbox changes, every task gets exactly one terminal update, and no
 * worker is held.
 */
public class HostileFilesIT {
  /** Bound on a run whose tasks end by themselves within a few seconds. */
  private static final Duration IN_TIME = Duration.ofSeconds(15);

  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  /** Outside the sandbox: what a task must not be able to make the executor touch. */
  @Rule public final TemporaryFolder outside = new TemporaryFolder();

  @Before
  public void rootWithNobody() throws Exception {
    Assume.assumeTrue(
        "only root can run tasks as another user", "root".equals(System.getProperty("user.name")));
    Process id = new ProcessBuilder("id", "-u", "nobody").redirectErrorStream(true).start();
    id.getInputStream().readAllBytes();
    Assume.assumeTrue("no user nobody here", id.waitFor() == 0);
  }

  @Test
  public void checkOutputFilesLinkedOutOfTheSandboxLeaveTheirTargetsAlone() throws Exception {
    Victim health = victim("health-victim");
    Victim check = victim("check-victim");
    JsonObject spec =
        asNobody(
            "ln -sf "
                + health.path
                + " health_check.log; ln -sf "
                + check.path
                + " check.log; echo linked; sleep 3");
    spec.add("health_check", commandCheck("echo X", 1));
    executor.launch(
        Tasks.base("linker")
            .setData(Tasks.specBytes(spec))
            .setCheck(
                CheckInfo.newBuilder()
                    .setType(CheckInfo.Type.COMMAND)
                    .setCommand(
                        CheckInfo.Command.newBuilder()
                            .setCommand(CommandInfo.newBuilder().setValue("echo Y")))
                    .setDelaySeconds(1)
                    .setIntervalSeconds(0.2)
                    .setTimeoutSeconds(5))
            .build());
    executor.awaitOutput("linker", "linked");

    TaskStatus terminal = executor.awaitTerminal("linker");

    assertEquals(terminal.getMessage(), TASK_FINISHED, terminal.getState());
    health.assertUnchanged();
    check.assertUnchanged();
    Path dir = executor.taskDir("linker");
    // The links were replaced by the checks' own output (empty if the task ended mid-attempt).
    assertThat(List.of("X\n", ""), hasItem(regularFile(dir.resolve("health_check.log"))));
    assertThat(List.of("Y\n", ""), hasItem(regularFile(dir.resolve("check.log"))));
    assertTrue(
        executor.driver().updates("linker").stream()
            .anyMatch(
                s ->
                    s.getReason() == Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED
                        && s.getHealthy()
                        && s.getMessage().contains("X")));
  }

  @Test
  public void aLaterTasksDirectoryCannotBePreparedByAnother() throws Exception {
    Victim victim = victim("output-victim");
    Path outsideDir = outside.newFolder("outside-dir").toPath();
    Path tasks = Files.createDirectory(executor.sandbox().resolve("tasks"));
    Files.setPosixFilePermissions(tasks, PosixFilePermissions.fromString("rwxrwxrwx"));
    executor.launch(
        Tasks.withSpec(
            "early",
            asNobody(
                "mkdir ../late && ln -s "
                    + victim.path
                    + " ../late/stdout && echo planted || echo refused")));
    assertEquals(TASK_FINISHED, executor.awaitTerminal("early").getState());
    assertEquals("refused\n", Files.readString(executor.taskDir("early").resolve("stdout")));
    assertEquals(
        "tasks/ is the executor's alone",
        "rwxr-xr-x",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tasks)));

    // What a task of the executor's own user, or an earlier run, could leave behind.
    Path late = Files.createDirectory(tasks.resolve("late"));
    Files.createSymbolicLink(late.resolve("stdout"), victim.path);
    Files.createSymbolicLink(late.resolve("stderr"), victim.path);
    Files.createSymbolicLink(tasks.resolve("late2"), outsideDir);
    executor.launch(Tasks.withSpec("late", asNobody("echo out; echo err >&2")));
    executor.launch(Tasks.withSpec("late2", asNobody("echo out2; touch here")));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("late").getState());
    assertEquals(TASK_FINISHED, executor.awaitTerminal("late2").getState());
    victim.assertUnchanged();
    try (Stream<Path> left = Files.list(outsideDir)) {
      assertEquals("nothing made outside the sandbox", List.of(), left.toList());
    }
    assertEquals("out\n", regularFile(executor.taskDir("late").resolve("stdout")));
    assertEquals("err\n", regularFile(executor.taskDir("late").resolve("stderr")));
    assertEquals("out2\n", regularFile(executor.taskDir("late2").resolve("stdout")));
    assertEquals("nobody", Files.getOwner(executor.taskDir("late2")).getName());
    try (Stream<Path> entries = Files.list(tasks)) {
      assertEquals(
          "both prepared entries were moved aside",
          2,
          entries.filter(p -> p.getFileName().toString().startsWith(".old.late")).count());
    }
  }

  @Test
  public void fifosInPlaceOfHealthCheckOutputHoldNoWorker() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "fifo" + i;
      ids.add(id);
      JsonObject spec =
          asNobody(
              "rm -f health_check.log; mkfifo health_check.log; echo made;" + " exec sleep 300");
      spec.add("health_check", commandCheck("echo X", 0.5));
      executor.launch(Tasks.withSpec(id, spec));
    }
    for (String id : ids) {
      executor.awaitOutput(id, "made");
    }
    long start = System.nanoTime();
    executor.launch(Tasks.withSpec("normal", asNobody("sleep 0.5; echo done")));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("normal").getState());
    assertTrue("the normal task finished in time", elapsed(start).compareTo(IN_TIME) < 0);
    for (String id : ids) {
      executor.kill(id);
    }
    for (String id : ids) {
      assertEquals(TASK_KILLED, executor.awaitTerminal(id).getState());
      assertOneTerminal(id);
    }
    assertOneTerminal("normal");
  }

  @Test
  public void aProgressFileSwappedWithAFifoHoldsNoWorker() throws Exception {
    List<String> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      String id = "swap" + i;
      ids.add(id);
      JsonObject spec =
          asNobody(
              "end=$(( $(date +%s) + 3 ));"
                  + " while [ $(date +%s) -lt $end ]; do"
                  + " echo 'progress: 5 x' > p.tmp; mv -f p.tmp progress.log;"
                  + " mkfifo f.tmp; mv -f f.tmp progress.log; done");
      JsonObject progress = new JsonObject();
      progress.addProperty("file", "progress.log");
      progress.addProperty("sample_interval_ms", 100);
      spec.add("progress", progress);
      executor.launch(Tasks.withSpec(id, spec));
    }

    for (String id : ids) {
      assertEquals(TASK_FINISHED, executor.awaitTerminal(id).getState());
    }
    assertTrue("the run ended in time: " + elapsed(start), elapsed(start).compareTo(IN_TIME) < 0);
    for (String id : ids) {
      assertOneTerminal(id);
    }
  }

  @Test
  public void outputFilesReplacedByFifosBeforeTheLastReadHoldNoWorker() throws Exception {
    JsonObject spec =
        asNobody(
            "echo 'progress: 40 before'; while [ ! -e go ]; do sleep 0.01; done;"
                + " rm stdout stderr; mkfifo stdout stderr; echo 'progress: 60 after' > progress.log");
    JsonObject progress = new JsonObject();
    progress.addProperty("file", "progress.log");
    spec.add("progress", progress);
    long start = System.nanoTime();
    executor.launch(Tasks.withSpec("outfifo", spec));
    // The swap comes once the executor follows stdout: before that, the task could remove the file
    // before the executor ever opened it, and there would be no old file to read to its end.
    executor.awaitState("outfifo", TaskState.TASK_RUNNING);
    awaitOpenHere(executor.taskDir("outfifo").resolve("stdout"));
    Files.createFile(executor.taskDir("outfifo").resolve("go"));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("outfifo").getState());
    assertTrue("ended in time: " + elapsed(start), elapsed(start).compareTo(IN_TIME) < 0);
    assertOneTerminal("outfifo");
    assertThat(
        "the old stdout was still read to its end",
        String.join("\n", executor.driver().messages()),
        containsString("\"progress-message\":\"before\""));
  }

  // ---- helpers ----

  /**
   * Waits until this JVM (the executor under test) holds {@code file} open. Once the task has
   * started, the launcher's own descriptors are closed, so the one found is the executor's
   * follower.
   */
  private static void awaitOpenHere(Path file) throws Exception {
    Path target = file.toRealPath();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        if (fds.anyMatch(fd -> target.equals(linkTarget(fd)))) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the executor never opened " + file);
  }

  private static Path linkTarget(Path fd) {
    try {
      return Files.readSymbolicLink(fd);
    } catch (IOException e) {
      return null; // closed since it was listed
    }
  }

  /** A root-owned file outside the sandbox, and how it looked before the test. */
  private static final class Victim {
    final Path path;
    final String content;
    final FileTime modified;

    Victim(Path path) throws IOException {
      this.path = path;
      this.content = Files.readString(path);
      this.modified = Files.getLastModifiedTime(path);
    }

    void assertUnchanged() throws IOException {
      assertEquals(path + " content", content, Files.readString(path));
      assertEquals(path + " modified", modified, Files.getLastModifiedTime(path));
      assertEquals(path + " owner", "root", Files.getOwner(path).getName());
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }
  }

  private Victim victim(String name) throws IOException {
    Path p = outside.getRoot().toPath().resolve(name);
    Files.writeString(p, "precious " + name + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        outside.getRoot().toPath(),
        PosixFilePermissions.fromString("rwxr-xr-x")); // nobody may reach it, as /etc
    return new Victim(p);
  }

  private static JsonObject asNobody(String command) {
    JsonObject spec = Tasks.shellSpec(command);
    spec.addProperty("user", "nobody");
    return spec;
  }

  private static JsonObject commandCheck(String command, double delaySeconds) {
    JsonObject check = new JsonObject();
    check.addProperty("type", "COMMAND");
    check.addProperty("delay_seconds", delaySeconds);
    check.addProperty("interval_seconds", 0.2);
    check.addProperty("timeout_seconds", 5);
    check.addProperty("consecutive_failures", 100);
    JsonObject c = new JsonObject();
    c.addProperty("value", command);
    check.add("command", c);
    return check;
  }

  private static String regularFile(Path p) throws IOException {
    assertTrue(p + " is a regular file", Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    return Files.readString(p);
  }

  private void assertOneTerminal(String id) {
    List<TaskState> states = executor.driver().states(id);
    assertEquals(
        id + ": " + states,
        1,
        states.stream()
            .filter(
                s ->
                    s == TASK_FINISHED
                        || s == TASK_KILLED
                        || s == TaskState.TASK_FAILED
                        || s == TaskState.TASK_ERROR
                        || s == TaskState.TASK_LOST)
            .count());
    assertFalse(states.isEmpty());
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
