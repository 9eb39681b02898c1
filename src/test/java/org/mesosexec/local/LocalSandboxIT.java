package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.isStatusEvent;
import static org.mesosexec.testing.StatusJson.pidOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RunningScript;
import org.mesosexec.testing.ScriptOutput;

/**
 * What the executor writes outside its sandbox (nothing: not even JNA's native stub), and a sandbox
 * used by two runs in turn (DESIGN §10), with the real script.
 */
public class LocalSandboxIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void nothingIsWrittenUnderHome() throws Exception {
    Path home = tmp.newFolder("home").toPath();
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "t"}, "data": {"command": "echo hi"}}
        """);

    // The JVM takes its home from the password database, not $HOME: point both at the folder.
    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.getRoot().toPath().resolve("sandbox"))
            .env("HOME", home.toString())
            .env("XDG_CACHE_HOME", home.resolve(".cache").toString())
            .env("JAVA_OPTS", "-Duser.home=" + home)
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertTrue(
        "JNA was loaded, from the sandbox",
        !Files.readString(out.sandbox().resolve("executor.log"))
            .contains("Cannot load libc through JNA"));
    try (Stream<Path> written = Files.walk(home)) {
      assertEquals("nothing under $HOME", List.of(home), written.toList());
    }
  }

  @Test
  public void aSecondRunIntoTheSameSandboxKeepsWorkingAndKeepsTheFirstOutput() throws Exception {
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "again"}, "data": {"command": "echo run $RUN"}}
        """);

    ScriptOutput first =
        LocalRunner.local(taskFile, "--sandbox", sandbox).env("RUN", "1").run().assertWellFormed();
    ScriptOutput second =
        LocalRunner.local(taskFile, "--sandbox", sandbox).env("RUN", "2").run().assertWellFormed();

    assertEquals(first.toString(), 0, first.exitStatus());
    assertEquals(second.toString(), 0, second.exitStatus());
    Path tasks = sandbox.resolve("tasks");
    assertEquals("run 2\n", Files.readString(tasks.resolve("again/stdout")));
    try (Stream<Path> entries = Files.list(tasks)) {
      List<Path> aside =
          entries.filter(p -> p.getFileName().toString().startsWith(".old.again.")).toList();
      assertEquals(aside.toString(), 1, aside.size());
      assertEquals("run 1\n", Files.readString(aside.get(0).resolve("stdout")));
    }
  }

  @Test
  public void aRunStoppedBySigtermLeavesNoSpareTaskDirectory() throws Exception {
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");

    ScriptOutput out = sigtermOnceASpareIsMade(sandbox, runner -> {});

    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal("sleeper"), "state"));
    assertEquals(List.of(), spares(sandbox));
  }

  /**
   * The signal hook removes the spares itself: the driver stops only a minute after the last
   * terminal update (EXECUTOR_STOP_DELAY), so the hook stops waiting for the shutdown after its two
   * seconds and halts the JVM while close(), which waits as long from later on, has not got to
   * them.
   */
  @Test
  public void theSigtermHookRemovesTheSpareTaskDirectoriesBeforeTheRuntimeCloses()
      throws Exception {
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");

    ScriptOutput out =
        sigtermOnceASpareIsMade(
            sandbox,
            runner ->
                runner
                    .env("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "2secs")
                    .env("EXECUTOR_STOP_DELAY", "60secs"));

    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal("sleeper"), "state"));
    assertThat(
        Files.readString(sandbox.resolve("executor.log")),
        containsString("Shutdown did not finish within PT2S"));
    assertEquals(List.of(), spares(sandbox));
  }

  /**
   * Runs a task that sleeps, with {@code settings} applied to the run, until a spare task directory
   * is made in {@code sandbox}; then SIGTERM to the run, which ends.
   */
  private ScriptOutput sigtermOnceASpareIsMade(Path sandbox, Consumer<LocalRunner> settings)
      throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "sleeper"}, "data": {"command": "sleep 60"}}
        """);
    LocalRunner runner = LocalRunner.local(taskFile, "--sandbox", sandbox).timeout(WAIT);
    settings.accept(runner);
    long pid = -1;
    try (RunningScript run = runner.start()) {
      pid =
          pidOf(
              run.awaitEvent(e -> isStatusEvent(e, "TASK_RUNNING"), WAIT)
                  .getAsJsonObject("status"));
      awaitSpare(sandbox);

      run.signal("TERM");
      return run.await().assertWellFormed();
    } finally {
      if (pid > 0) {
        ProcScan.killGroup(pid);
      }
    }
  }

  /** Waits for the spare made once the task runs, for the next task. */
  private static void awaitSpare(Path sandbox) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (spares(sandbox).isEmpty()) {
      assertTrue("no spare task directory made", System.nanoTime() < deadline);
      Thread.sleep(10);
    }
  }

  private static List<Path> spares(Path sandbox) throws Exception {
    try (Stream<Path> entries = Files.list(sandbox.resolve("tasks"))) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".spare.")).toList();
    }
  }
}
