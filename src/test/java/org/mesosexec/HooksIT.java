package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.Labels;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.hooks.TaskHook;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.settings.Settings;
import org.mesosexec.settings.SettingsException;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RecordingDriver;
import org.mesosexec.testing.Tasks;

/**
 * The operator's lifecycle hooks ({@code EXECUTOR_HOOKS_DIR}) as a scheduler and the task see them:
 * before-start hooks add to the task's environment or fail its launch, before-terminate hooks run
 * before SIGTERM and never stop a kill. After-healthy hooks are not here: nothing in the executor
 * reports a task healthy yet (TaskInfo health checks are not run), so they cannot run.
 */
public class HooksIT {
  private static final Pattern TOOK = Pattern.compile("after (\\d+) ms");
  private static final String READY = "ready";

  @Rule public final ExecutorHarness executor = new ExecutorHarness().taskKillingState(true);

  // ---- before-start ---------------------------------------------------------------------------

  @Test
  public void beforeStartHookVariablesReachTheTaskAndTheHookSeesTheTask() throws Exception {
    Path hooks = hooksDir();
    Path seen = out("seen-env");
    HookFiles.script(
        hooks,
        "before-start",
        "10-greet",
        "env > '"
            + seen
            + "'\n"
            + "echo \"ARG=$1\" >> '"
            + seen
            + "'\n"
            + "echo \"PWD=$(pwd)\" >> '"
            + seen
            + "'\n"
            + "echo 'GREETING=hello from hook'");
    TaskInfo task =
        Tasks.base("greet")
            .setExecutor(Tasks.executorInfo())
            .setLabels(labels("team", "storage", "app.tier", "web"))
            .setData(Tasks.specBytes(Tasks.shellSpec("echo \"$GREETING\"")))
            .build();

    executor.launch(task);
    TaskStatus terminal = executor.awaitTerminal("greet");

    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("greet"));
    assertEquals("hello from hook\n", stdout("greet"));
    assertEquals("Command exited with status 0", terminal.getMessage());
    List<String> env = HookFiles.lines(seen);
    for (String expected :
        List.of(
            "MESOS_TASK_ID=greet",
            "MESOS_TASK_NAME=it greet",
            "MESOS_EXECUTOR_ID=" + Tasks.EXECUTOR_ID,
            "MESOS_FRAMEWORK_ID=it-framework",
            "MESOS_SLAVE_ID=" + Tasks.AGENT_ID,
            "MESOS_AGENT_ID=" + Tasks.AGENT_ID,
            "MESOS_SANDBOX=" + executor.taskDir("greet"),
            "MESOS_TASK_LABELS={\"team\":\"storage\",\"app.tier\":\"web\"}",
            "MESOS_TASK_LABEL_TEAM=storage",
            "MESOS_TASK_LABEL_APP_TIER=web",
            "EXECUTOR_HOOK=before-start",
            "ARG=before-start",
            "PWD=" + executor.taskDir("greet").toRealPath())) {
      assertTrue(expected + " in " + env, env.contains(expected));
    }
    assertEquals(
        "the task has no pid yet", List.of(), HookFiles.withPrefix(env, "MESOS_TASK_PID="));
    assertEquals(
        "the executor's own settings are not passed on",
        List.of(),
        HookFiles.withPrefix(env, "EXECUTOR_HOOKS_DIR="));
  }

  @Test
  public void aTaskWithoutExecutorInfoGetsItsIdsFromTheAgentsEnvironment() throws Exception {
    Path hooks = hooksDir();
    Path seen = out("seen-env");
    executor.env("MESOS_FRAMEWORK_ID", "fw-from-agent").env("MESOS_EXECUTOR_ID", "ex-from-agent");
    HookFiles.script(hooks, "before-start", "10-env", "env > '" + seen + "'");

    executor.launch(Tasks.shell("plain", "exit 0"));
    executor.awaitTerminal("plain");

    List<String> env = HookFiles.lines(seen);
    assertTrue(env.toString(), env.contains("MESOS_FRAMEWORK_ID=fw-from-agent"));
    assertTrue(env.toString(), env.contains("MESOS_EXECUTOR_ID=ex-from-agent"));
    assertTrue(env.toString(), env.contains("MESOS_AGENT_ID=" + Tasks.AGENT_ID));
    assertTrue(env.toString(), env.contains("MESOS_TASK_LABELS={}"));
  }

  @Test
  public void beforeStartHooksRunAfterTaskStartingAndTheDirectoryMessageAndBeforeTheProcess()
      throws Exception {
    Path hooks = hooksDir();
    Path entered = out("entered");
    Path gate = out("gate");
    Path left = out("left");
    Path ran = out("ran");
    HookFiles.script(
        hooks,
        "before-start",
        "10-gate",
        "touch '"
            + entered
            + "'\nwhile [ ! -e '"
            + gate
            + "' ]; do sleep 0.02; done\ntouch '"
            + left
            + "'");

    // The task leaves its mark only if the hook had finished when it ran; else it fails.
    executor.launch(Tasks.shell("gated", "[ -e '" + left + "' ] && touch '" + ran + "'"));
    awaitExists(entered);

    assertEquals(List.of(TASK_STARTING), executor.driver().states("gated"));
    assertTrue(
        executor.driver().messages().toString(),
        executor.driver().messages().stream()
            .anyMatch(
                m -> m.contains("\"type\":\"directory\"") && m.contains("\"task-id\":\"gated\"")));
    assertFalse("the task must not start while its before-start hook runs", Files.exists(ran));

    Files.createFile(gate);
    TaskStatus terminal = executor.awaitTerminal("gated");

    assertEquals(TASK_FINISHED, terminal.getState());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED), executor.driver().states("gated"));
    assertTrue(Files.exists(ran));
  }

  @Test
  public void hookVariablesCannotReplaceTheTasksIdOrSandbox() throws Exception {
    Path hooks = hooksDir();
    HookFiles.script(
        hooks,
        "before-start",
        "10-evil",
        "echo MESOS_TASK_ID=evil\necho MESOS_SANDBOX=/tmp/evil\necho EXTRA=kept");

    executor.launch(Tasks.shell("fixed", "echo \"$MESOS_TASK_ID $MESOS_SANDBOX $EXTRA\""));
    TaskStatus terminal = executor.awaitTerminal("fixed");

    assertEquals(TASK_FINISHED, terminal.getState());
    assertEquals("fixed " + executor.taskDir("fixed") + " kept\n", stdout("fixed"));
  }

  @Test
  public void failingBeforeStartHookFailsTheLaunchAndTheTaskNeverRuns() throws Exception {
    Path hooks = hooksDir();
    Path ran = out("ran");
    String token = UUID.randomUUID().toString();
    HookFiles.script(
        hooks,
        "before-start",
        "10-quota",
        "echo 'checking quota' >&2\n"
            + "echo \"quota exceeded for team $MESOS_TASK_LABEL_TEAM "
            + token
            + "\" >&2\n"
            + "exit 3");
    executor.launch(
        Tasks.base("quota")
            .setLabels(labels("team", "storage"))
            .setData(Tasks.specBytes(Tasks.shellSpec("touch '" + ran + "'")))
            .build());

    TaskStatus terminal = executor.awaitTerminal("quota");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertEquals(
        "Hook before-start/10-quota failed with exit status 3: quota exceeded for team"
            + " storage "
            + token,
        terminal.getMessage());
    assertEquals(List.of(TASK_STARTING, TASK_FAILED), executor.driver().states("quota"));
    // The run has ended: nothing of the task can start once the executor has stopped the driver.
    executor.shutdownAndAwaitStopped();
    assertFalse("the task's command must never run", Files.exists(ran));
    assertEquals(List.of(TASK_STARTING, TASK_FAILED), executor.driver().states("quota"));
    assertLogged("Hook before-start/10-quota stderr: quota exceeded for team storage " + token);
  }

  @Test
  public void beforeStartHookThatPrintsSomethingElseThanVariablesFailsTheLaunch() throws Exception {
    Path hooks = hooksDir();
    HookFiles.script(hooks, "before-start", "10-chatty", "echo 'Registering task...'\necho A=1");

    executor.launch(Tasks.shell("chatty", "exit 0"));
    TaskStatus terminal = executor.awaitTerminal("chatty");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertThat(terminal.getMessage(), containsString("Hook before-start/10-chatty"));
    assertThat(terminal.getMessage(), containsString("'Registering task...'"));
    assertFalse(executor.driver().states("chatty").contains(TASK_RUNNING));
  }

  @Test
  public void beforeStartHookThatRunsPastTheTimeoutIsKilledAndFailsTheLaunch() throws Exception {
    executor.setting("EXECUTOR_HOOK_TIMEOUT", "1secs");
    Path hooks = hooksDir();
    Path pids = out("pids");
    Path ran = out("ran");
    HookFiles.script(
        hooks, "before-start", "10-hang", "sleep 60 &\necho \"$$ $!\" > '" + pids + "'\nwait");

    long start = System.nanoTime();
    executor.launch(Tasks.shell("hang", "touch '" + ran + "'"));
    String[] written = HookFiles.awaitFile(pids, ExecutorHarness.WAIT).trim().split(" ");
    long hookPid = Long.parseLong(written[0]);
    long sleepPid = Long.parseLong(written[1]);
    TaskStatus terminal = executor.awaitTerminal("hang");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    try {
      assertEquals(TASK_FAILED, terminal.getState());
      assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
      assertEquals(
          "Hook before-start/10-hang did not finish within 1000 ms and was killed",
          terminal.getMessage());
      assertTrue("took " + tookMs + " ms", tookMs >= 1000 && tookMs < 10_000);
      assertEquals(List.of(TASK_STARTING, TASK_FAILED), executor.driver().states("hang"));
      assertFalse("the hook's shell is gone", ProcScan.alive(hookPid));
      assertFalse("the hook's sleep is gone", awaitAlive(sleepPid, false));
      assertEquals(
          "nothing of the hook's process group is left",
          List.of(),
          ProcScan.awaitGroupGone(hookPid, ExecutorHarness.WAIT));
      assertFalse(Files.exists(ran));
    } finally {
      ProcScan.killGroup(hookPid);
      ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  public void killedWhileItsBeforeStartHookRunsTheTaskNeverStarts() throws Exception {
    Path hooks = hooksDir();
    Path entered = out("entered");
    Path gate = out("gate");
    Path ran = out("ran");
    HookFiles.script(
        hooks,
        "before-start",
        "10-gate",
        "touch '"
            + entered
            + "'\nwhile [ ! -e '"
            + gate
            + "' ]; do sleep 0.02; done\n"
            + "echo A=1");

    executor.launch(Tasks.shell("early", "touch '" + ran + "'"));
    awaitExists(entered);
    executor.kill("early");
    TaskStatus terminal = executor.awaitTerminal("early");
    Files.createFile(gate); // the hook now succeeds: the task must still not start
    // The executor's decision once the hook has returned: correct code logs it, and a start
    // would have come in its place.
    if (HookFiles.executorLog() != null) {
      HookFiles.awaitLog(
          "Task early ended while its before-start hooks ran; not starting it",
          ExecutorHarness.WAIT);
    }
    executor.shutdownAndAwaitStopped();

    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("before it started"));
    assertEquals(List.of(TASK_STARTING, TASK_KILLED), executor.driver().states("early"));
    assertEquals(List.of(), executor.driver().updatesAfterStop());
    assertFalse(Files.exists(ran));
  }

  @Test
  public void javaHookFoundThroughAJarInTheHooksDirectoryAddsToTheEnvironment() throws Exception {
    Path hooks = hooksDir();
    HookFiles.serviceJar(hooks, "greeting-hook.jar", GreetingHook.class.getName());
    HookFiles.script(hooks, "before-start", "10-exe", "echo FROM_SCRIPT=script");

    executor.launch(Tasks.shell("java", "echo \"$JAVA_GREETING / $FROM_SCRIPT\""));
    TaskStatus terminal = executor.awaitTerminal("java");

    assertEquals(TASK_FINISHED, terminal.getState());
    assertEquals("hello from the java hook to java (it java) / script\n", stdout("java"));
  }

  @Test
  public void javaHookThatThrowsFailsTheLaunch() throws Exception {
    Path hooks = hooksDir();
    Path ran = out("ran");
    HookFiles.serviceJar(hooks, "greeting-hook.jar", GreetingHook.class.getName());

    executor.launch(
        Tasks.base("refused")
            .setLabels(labels("java-hook", "refuse"))
            .setData(Tasks.specBytes(Tasks.shellSpec("touch '" + ran + "'")))
            .build());
    TaskStatus terminal = executor.awaitTerminal("refused");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_CONTAINER_LAUNCH_FAILED, terminal.getReason());
    assertEquals(
        "Hook "
            + GreetingHook.class.getName()
            + " (before-start) failed:"
            + " java.lang.IllegalStateException: refused by the java hook",
        terminal.getMessage());
    assertFalse(executor.driver().states("refused").contains(TASK_RUNNING));
    assertFalse(Files.exists(ran));
  }

  @Test
  public void withoutAHooksDirectoryTheJavaHookOnTheClassPathIsNotActive() throws Exception {
    executor.launch(Tasks.shell("nohook", "echo \"[$JAVA_GREETING]\""));
    executor.awaitTerminal("nohook");

    assertEquals("[]\n", stdout("nohook"));
  }

  // ---- settings -------------------------------------------------------------------------------

  @Test
  public void aRelativeHooksDirectoryStopsTheExecutorFromStarting() {
    executor.setting("EXECUTOR_HOOKS_DIR", "hooks");

    SettingsException e = assertThrows(SettingsException.class, executor::start);

    assertThat(e.getMessage(), containsString("EXECUTOR_HOOKS_DIR"));
    assertThat(e.getMessage(), containsString("absolute"));
  }

  @Test
  public void aMissingHooksDirectoryStopsTheExecutorFromStarting() {
    executor.setting("EXECUTOR_HOOKS_DIR", executor.sandbox().resolve("no-such-dir").toString());

    SettingsException e = assertThrows(SettingsException.class, executor::start);

    assertThat(e.getMessage(), containsString("EXECUTOR_HOOKS_DIR"));
    assertThat(e.getMessage(), containsString("is not a directory"));
  }

  @Test
  public void aHookTimeoutThatIsNotADurationStopsTheExecutorFromStarting() {
    executor.setting("EXECUTOR_HOOK_TIMEOUT", "10");

    SettingsException e = assertThrows(SettingsException.class, executor::start);

    assertThat(e.getMessage(), containsString("EXECUTOR_HOOK_TIMEOUT"));
  }

  @Test
  public void aJarThatNamesAMissingHookClassStopsTheExecutorFromStarting() throws Exception {
    Path hooks = hooksDir();
    HookFiles.serviceJar(hooks, "broken.jar", "org.example.NoSuchHook");

    SettingsException e = assertThrows(SettingsException.class, executor::start);

    assertThat(e.getMessage(), containsString("EXECUTOR_HOOKS_DIR"));
    assertThat(e.getMessage(), containsString("org.example.NoSuchHook"));
  }

  // ---- before-terminate -----------------------------------------------------------------------

  @Test
  public void beforeTerminateHookRunsBeforeTheTaskGetsSigterm() throws Exception {
    Path hooks = hooksDir();
    Path shared = out("shared");
    HookFiles.script(
        hooks,
        "before-terminate",
        "10-deregister",
        "if kill -0 \"$MESOS_TASK_PID\" 2>/dev/null; then alive=yes; else alive=no; fi\n"
            + "echo \"hook-start pid=$MESOS_TASK_PID alive=$alive\" >> '"
            + shared
            + "'\n"
            + "sleep 0.5\n"
            + "echo hook-end >> '"
            + shared
            + "'");
    executor.launch(trappingTask("term", shared));
    long pid = executor.awaitOwnGroup("term");
    executor.awaitOutput("term", READY);

    executor.kill("term");
    TaskStatus terminal = executor.awaitTerminal("term");

    assertEquals(TASK_KILLED, terminal.getState());
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        executor.driver().states("term"));
    assertThat(terminal.getMessage(), containsString("killTask"));
    assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
    assertEquals(
        List.of("hook-start pid=" + pid + " alive=yes", "hook-end", "task-got-sigterm"),
        HookFiles.lines(shared));
    assertTrue("SIGTERM waited for the hook: " + terminal.getMessage(), took(terminal) >= 500);
  }

  @Test
  public void failingBeforeTerminateHookDoesNotStopTheKill() throws Exception {
    Path hooks = hooksDir();
    Path shared = out("shared");
    String token = UUID.randomUUID().toString();
    HookFiles.script(
        hooks,
        "before-terminate",
        "10-fail",
        "echo hook-failed >> '" + shared + "'\necho 'cannot deregister " + token + "' >&2\nexit 1");
    HookFiles.script(hooks, "before-terminate", "20-next", "echo hook-next >> '" + shared + "'");
    executor.launch(trappingTask("fail", shared));
    long pid = executor.awaitOwnGroup("fail");
    executor.awaitOutput("fail", READY);

    executor.kill("fail");
    TaskStatus terminal = executor.awaitTerminal("fail");

    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
    assertEquals(List.of("hook-failed", "hook-next", "task-got-sigterm"), HookFiles.lines(shared));
    assertFalse(ProcScan.alive(pid));
    assertLogged(
        "Hook before-terminate/10-fail failed with exit status 1: cannot deregister "
            + token
            + " (ignored: before-terminate hooks do not stop the kill)");
  }

  @Test
  public void beforeTerminateHookThatHangsIsKilledAtTheHookTimeoutAndTheKillGoesOn()
      throws Exception {
    executor.setting("EXECUTOR_HOOK_TIMEOUT", "1secs");
    Path hooks = hooksDir();
    Path shared = out("shared");
    Path pid = out("hook-sleep");
    HookFiles.script(
        hooks, "before-terminate", "10-hang", "sleep 60 &\necho $! > '" + pid + "'\nwait");
    executor.launch(trappingTask("hung", shared));
    executor.awaitOwnGroup("hung");
    executor.awaitOutput("hung", READY);

    executor.kill("hung");
    TaskStatus terminal = executor.awaitTerminal("hung");
    long sleepPid = Long.parseLong(HookFiles.awaitFile(pid, ExecutorHarness.WAIT).trim());

    try {
      assertEquals(TASK_KILLED, terminal.getState());
      assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
      long took = took(terminal);
      assertTrue(terminal.getMessage(), took >= 1000 && took < 10_000);
      assertEquals(List.of("task-got-sigterm"), HookFiles.lines(shared));
      assertFalse("the hook's sleep is gone", awaitAlive(sleepPid, false));
    } finally {
      ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  public void shutdownBoundsBeforeTerminateHooksByHalfItsKillBudget() throws Exception {
    // The harness's 5 s shutdown grace period, less its 100 ms stop delay and the executor's 1 s
    // margin, leaves a 3.9 s kill budget; half of it, 1950 ms, is less than the 10 s hook timeout.
    Path hooks = hooksDir();
    Path shared = out("shared");
    Path pid = out("hook-sleep");
    HookFiles.script(
        hooks, "before-terminate", "10-hang", "sleep 60 &\necho $! > '" + pid + "'\nwait");
    executor.launch(trappingTask("down", shared));
    executor.awaitOwnGroup("down");
    executor.awaitOutput("down", READY);

    executor.shutdown();
    TaskStatus terminal = executor.awaitTerminal("down");
    long sleepPid = Long.parseLong(HookFiles.awaitFile(pid, ExecutorHarness.WAIT).trim());

    try {
      assertEquals(TASK_KILLED, terminal.getState());
      assertThat(terminal.getMessage(), containsString("executor shutdown"));
      assertThat(terminal.getMessage(), containsString("exited on SIGTERM"));
      long took = took(terminal);
      assertTrue(terminal.getMessage(), took >= 1950 && took < 3900);
      assertEquals(List.of("task-got-sigterm"), HookFiles.lines(shared));
      assertFalse("the hook's sleep is gone", awaitAlive(sleepPid, false));
      // Half the budget left when the kill begins: 1950 ms, less the microseconds the kill waited.
      assertLogged("Hook before-terminate/10-hang did not finish within 19");
    } finally {
      ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  public void beforeTerminateHooksRunWhenTheMaxCompletionTimeIsReached() throws Exception {
    Path hooks = hooksDir();
    Path shared = out("shared");
    HookFiles.script(
        hooks,
        "before-terminate",
        "10-note",
        "if kill -0 \"$MESOS_TASK_PID\" 2>/dev/null; then alive=yes; else alive=no; fi\n"
            + "echo \"hook alive=$alive\" >> '"
            + shared
            + "'");
    JsonObject spec = Tasks.shellSpec("sleep 30");
    spec.addProperty("max_completion_time_ms", 500);

    executor.launch(Tasks.withSpec("slow", spec));
    TaskStatus terminal = executor.awaitTerminal("slow");

    assertEquals(TASK_FAILED, terminal.getState());
    assertEquals(Reason.REASON_MAX_COMPLETION_TIME_REACHED, terminal.getReason());
    assertEquals(List.of("hook alive=yes"), HookFiles.lines(shared));
  }

  @Test
  public void taskThatEndsWhileItsBeforeTerminateHookRunsIsReportedKilled() throws Exception {
    Path hooks = hooksDir();
    Path stop = out("stop");
    HookFiles.script(hooks, "before-terminate", "10-drain", "touch '" + stop + "'\nsleep 1");
    executor.launch(
        Tasks.shell(
            "drain",
            "trap '' TERM\necho "
                + READY
                + "\nwhile [ ! -e '"
                + stop
                + "' ]; do sleep 0.02; done\nexit 0"));
    executor.awaitOwnGroup("drain");
    executor.awaitOutput("drain", READY);

    executor.kill("drain");
    TaskStatus terminal = executor.awaitTerminal("drain");

    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(
        terminal.getMessage(),
        containsString("ended by itself while the before-terminate" + " hooks ran"));
  }

  @Test
  public void shutdownDuringAKillsBeforeTerminateHookStillTerminatesTheTaskInTime()
      throws Exception {
    // Hook timeout 10 s; the shutdown's kill budget is 3.9 s (see the test above).
    Path hooks = hooksDir();
    Path shared = out("shared");
    Path pid = out("hook-sleep");
    HookFiles.script(
        hooks, "before-terminate", "10-hang", "sleep 60 &\necho $! > '" + pid + "'\nwait");
    executor.launch(trappingTask("both", shared));
    long taskPid = executor.awaitOwnGroup("both");
    executor.awaitOutput("both", READY);
    executor.kill("both");
    long sleepPid = Long.parseLong(HookFiles.awaitFile(pid, ExecutorHarness.WAIT).trim());

    long start = System.nanoTime();
    executor.shutdown();
    TaskStatus terminal = executor.awaitTerminal("both");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    try {
      assertEquals(TASK_KILLED, terminal.getState());
      assertEquals(
          "the task got SIGTERM before it was reported killed",
          List.of("task-got-sigterm"),
          HookFiles.lines(shared));
      assertFalse("the task is gone when it is reported killed", ProcScan.alive(taskPid));
      assertThat(terminal.getMessage(), not(containsString("ended by itself")));
      assertTrue("took " + tookMs + " ms", tookMs < 5000);
    } finally {
      ProcScan.killGroup(taskPid);
      ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  public void closingTheExecutorWhileABeforeStartHookRunsLeavesNoHookProcessBehind()
      throws Exception {
    Path hooks = Files.createDirectories(executor.sandbox().resolve("hooks"));
    Path pids = out("pids");
    HookFiles.script(
        hooks, "before-start", "10-hang", "sleep 60 &\necho \"$$ $!\" > '" + pids + "'\nwait");
    Path sandbox = Files.createDirectories(executor.sandbox().resolve("second-executor"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("EXECUTOR_STOP_DELAY", "100ms");
    env.put("EXECUTOR_HOOKS_DIR", hooks.toString());
    env.put("EXECUTOR_HOOK_TIMEOUT", "30secs");
    RecordingDriver driver = new RecordingDriver();
    long hookPid;
    long sleepPid;
    try (ExecutorRuntime runtime =
        new ExecutorRuntime(Settings.fromEnvironment(env), env, sandbox, List.of())) {
      runtime
          .executor()
          .registered(driver, Tasks.executorInfo(), Tasks.framework(false), Tasks.agent());
      runtime.executor().launchTask(driver, Tasks.shell("t", "exit 0"));
      String[] written = HookFiles.awaitFile(pids, ExecutorHarness.WAIT).trim().split(" ");
      hookPid = Long.parseLong(written[0]);
      sleepPid = Long.parseLong(written[1]);
    }

    try {
      assertEquals(List.of(TASK_STARTING, TASK_KILLED), driver.states("t"));
      assertEquals(
          "nothing of the hook is left once the executor has closed",
          List.of(),
          ProcScan.awaitGroupGone(hookPid, Duration.ofSeconds(5)));
      assertFalse(ProcScan.alive(sleepPid));
    } finally {
      ProcScan.killGroup(hookPid);
      ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * A Java hook, named only by the service jars tests write into a hooks directory: it is on the
   * test class path but no service file there lists it.
   */
  public static final class GreetingHook implements TaskHook {
    @Override
    public Map<String, String> beforeStart(TaskMetadata task) {
      if ("refuse".equals(task.labels().get("java-hook"))) {
        throw new IllegalStateException("refused by the java hook");
      }
      return Map.of(
          "JAVA_GREETING",
          "hello from the java hook to " + task.taskId() + " (" + task.taskName() + ")");
    }
  }

  /** A task that appends to {@code shared} when it gets SIGTERM, then exits; prints READY first. */
  private static TaskInfo trappingTask(String id, Path shared) {
    return Tasks.shell(
        id,
        "trap 'echo task-got-sigterm >> \""
            + shared
            + "\"; exit 0' TERM\n"
            + "echo "
            + READY
            + "\nwhile :; do sleep 0.05; done");
  }

  /** Creates the hooks directory in the sandbox and points the executor at it. */
  private Path hooksDir() throws Exception {
    Path hooks = Files.createDirectories(executor.sandbox().resolve("hooks"));
    executor.setting("EXECUTOR_HOOKS_DIR", hooks.toString());
    return hooks;
  }

  /** A file for a hook or task to write, in a directory of its own in the sandbox. */
  private Path out(String name) throws Exception {
    return Files.createDirectories(executor.sandbox().resolve("out")).resolve(name);
  }

  /** Waits until a hook or task has created {@code file} (maybe empty, as touch leaves it). */
  private static void awaitExists(Path file) throws InterruptedException {
    long end = System.nanoTime() + ExecutorHarness.WAIT.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(file + " not created within " + ExecutorHarness.WAIT);
      }
      Thread.sleep(10);
    }
  }

  private String stdout(String taskId) throws Exception {
    return Files.readString(executor.taskDir(taskId).resolve("stdout"), StandardCharsets.UTF_8);
  }

  private static Labels labels(String... keysAndValues) {
    Labels.Builder b = Labels.newBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.addLabels(Label.newBuilder().setKey(keysAndValues[i]).setValue(keysAndValues[i + 1]));
    }
    return b.build();
  }

  /** The "after N ms" of a kill's message. */
  private static long took(TaskStatus terminal) {
    Matcher m = TOOK.matcher(terminal.getMessage());
    assertTrue(terminal.getMessage(), m.find());
    return Long.parseLong(m.group(1));
  }

  /** Waits until {@code pid} is (alive) or is not; returns whether it is alive in the end. */
  private static boolean awaitAlive(long pid, boolean alive) throws InterruptedException {
    long end = System.nanoTime() + ExecutorHarness.WAIT.toNanos();
    while (ProcScan.alive(pid) != alive && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return ProcScan.alive(pid);
  }

  /**
   * Asserts that the executor's log has {@code line}; skipped when the build does not say where the
   * log is (the executor.sandbox property of the log4j configuration).
   */
  private static void assertLogged(String line) throws Exception {
    if (HookFiles.executorLog() != null && Files.exists(HookFiles.executorLog())) {
      HookFiles.awaitLog(line, Duration.ofSeconds(5));
    }
  }
}
