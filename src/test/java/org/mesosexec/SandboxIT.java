package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.Tasks;

/** The task's directory, output files, environment and user (DESIGN §4, §8). */
public class SandboxIT {
  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  @Test
  public void outputOfTheTaskLandsInItsDirectory() throws Exception {
    executor.launch(Tasks.shell("out", "echo to-stdout; echo to-stderr >&2"));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("out").getState());

    assertEquals("to-stdout\n", read("out", "stdout"));
    assertEquals("to-stderr\n", read("out", "stderr"));
  }

  @Test
  public void tasksDoNotShareOutputFiles() throws Exception {
    executor.launch(Tasks.shell("one", "echo one"));
    executor.launch(Tasks.shell("two", "echo two"));

    executor.awaitTerminal("one");
    executor.awaitTerminal("two");

    assertEquals("one\n", read("one", "stdout"));
    assertEquals("two\n", read("two", "stdout"));
  }

  @Test
  public void tasksStartedOneAfterAnotherEachGetAFreshDirectoryAndNothingElseStays()
      throws Exception {
    for (String id : List.of("first", "second", "third")) {
      executor.launch(Tasks.shell(id, "ls -A; echo " + id + " >&2"));
      assertEquals(TASK_FINISHED, executor.awaitTerminal(id).getState());
    }

    for (String id : List.of("first", "second", "third")) {
      // Nothing in the directory but the files the task's start made.
      assertEquals(id, "stderr\nstdout\n", read(id, "stdout"));
      assertEquals(id + "\n", read(id, "stderr"));
    }
    executor.close();
    try (var entries = Files.list(executor.sandbox().resolve("tasks"))) {
      assertEquals(
          List.of("first", "second", "third"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  public void taskRunsInItsDirectoryAndSeesItAsMesosSandbox() throws Exception {
    executor.launch(Tasks.shell("where", "echo \"$MESOS_SANDBOX\"; pwd -P; touch made-here"));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("where").getState());

    Path dir = executor.taskDir("where");
    String[] lines = read("where", "stdout").split("\n");
    assertEquals(dir.toString(), lines[0]);
    assertEquals(dir.toRealPath().toString(), lines[1]);
    assertTrue(Files.exists(dir.resolve("made-here")));
    assertFalse(Files.exists(executor.sandbox().resolve("made-here")));
  }

  @Test
  public void argvIsExecutedWithoutAShell() throws Exception {
    executor.launch(Tasks.argv("verbatim", "/bin/echo", "two words", "$HOME", "*"));

    assertEquals(TASK_FINISHED, executor.awaitTerminal("verbatim").getState());

    assertEquals("two words $HOME *\n", read("verbatim", "stdout"));
  }

  @Test
  public void taskInheritsTheExecutorsEnvironment() throws Exception {
    executor.env("IT_GREETING", "from-executor");
    executor.launch(Tasks.shell("inherit", "echo \"$IT_GREETING\""));

    executor.awaitTerminal("inherit");

    assertEquals("from-executor\n", read("inherit", "stdout"));
  }

  @Test
  public void specEnvOverridesTheExecutorsEnvironment() throws Exception {
    executor.env("IT_GREETING", "from-executor");
    JsonObject spec = Tasks.shellSpec("echo \"$IT_GREETING $IT_EXTRA\"");
    spec.add("env", Tasks.stringMap(Map.of("IT_GREETING", "from-task", "IT_EXTRA", "extra")));
    executor.launch(Tasks.withSpec("override", spec));

    executor.awaitTerminal("override");

    assertEquals("from-task extra\n", read("override", "stdout"));
  }

  @Test
  public void resetVarsAreRemovedFromTheTasksEnvironment() throws Exception {
    executor.env("IT_SECRET", "s3cret").env("IT_KEEP", "kept");
    executor.setting("EXECUTOR_RESET_VARS", "IT_SECRET, IT_ABSENT");
    executor.launch(Tasks.shell("reset", "echo \"${IT_SECRET-unset} ${IT_KEEP-unset}\""));

    executor.awaitTerminal("reset");

    assertEquals("unset kept\n", read("reset", "stdout"));
  }

  @Test
  public void theExecutorsOwnSettingsDoNotLeakIntoTheTask() throws Exception {
    executor
        .setting("EXECUTOR_LOG_LEVEL", "DEBUG")
        .setting("PROGRESS_REGEX_STRING", "pct=(\\d+)")
        .setting("EXECUTOR_IDLE_TIMEOUT", "30secs")
        .setting("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "IT_PROGRESS_FILE");
    executor.env("JAVA_OPTS", "-Xmx256m").env("IT_PROGRESS_FILE", "progress.log");
    executor.launch(Tasks.shell("clean", "env | sort"));

    executor.awaitTerminal("clean");

    String env = read("clean", "stdout");
    for (String own :
        List.of(
            "EXECUTOR_LOG_LEVEL",
            "PROGRESS_REGEX_STRING",
            "EXECUTOR_IDLE_TIMEOUT",
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
            "JAVA_OPTS")) {
      assertThat(env, not(containsString(own + "=")));
    }
    assertThat(
        "Cook's progress file variable is passed on on purpose, as a full path",
        env,
        containsString(
            "IT_PROGRESS_FILE=" + executor.taskDir("clean").resolve("progress.log") + "\n"));
    assertThat(
        "each task process is marked", env, containsString(ProcessTracker.MARKER_VARIABLE + "="));
  }

  @Test
  public void taskRunsAsTheUserItNames() throws Exception {
    assumeRootAndUser("nobody");
    JsonObject spec = Tasks.shellSpec("id -un; echo \"$USER\"");
    spec.addProperty("user", "nobody");
    executor.launch(Tasks.withSpec("asnobody", spec));

    TaskStatus terminal = executor.awaitTerminal("asnobody");

    assertEquals(terminal.getMessage(), TASK_FINISHED, terminal.getState());
    assertEquals("nobody\nnobody\n", read("asnobody", "stdout"));
    assertEquals(
        "nobody", Files.getOwner(executor.taskDir("asnobody").resolve("stdout")).getName());
  }

  @Test
  public void unknownUserFailsTheLaunchNamingTheUser() throws Exception {
    assumeRootAndUser("root");
    JsonObject spec = Tasks.shellSpec("touch ran");
    spec.addProperty("user", "no-such-user-it");
    executor.launch(Tasks.withSpec("nouser", spec));

    TaskStatus terminal = executor.awaitTerminal("nouser");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("no-such-user-it"));
    assertFalse(executor.driver().states("nouser").contains(TASK_RUNNING));
    assertFalse(Files.exists(executor.taskDir("nouser").resolve("ran")));
  }

  private String read(String taskId, String file) throws Exception {
    return Files.readString(executor.taskDir(taskId).resolve(file));
  }

  private static void assumeRootAndUser(String user) throws Exception {
    Assume.assumeTrue(
        "only root can run tasks as another user", "root".equals(System.getProperty("user.name")));
    Process id = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
    id.getInputStream().readAllBytes();
    Assume.assumeTrue("no user " + user + " here", id.waitFor() == 0);
  }
}
