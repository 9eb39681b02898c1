package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.ProcScan;

/** Executable hooks, with real shell scripts in a temporary hooks directory. */
public class ExecutableHooksTest extends HookFixture {
  // ---- executable hooks -----------------------------------------------------------------------

  @Test
  public void executablesRunInNameOrderWithThePointAsArgumentAndTheTaskInTheEnvironment()
      throws Exception {
    Path order = out.resolve("order");
    Path env = out.resolve("env");
    Path cwd = out.resolve("cwd");
    HookFiles.script(
        hooksDir,
        "before-start",
        "20-second",
        "echo \"20-second $1 $EXECUTOR_HOOK\" >> '" + order + "'\necho X=second");
    HookFiles.script(
        hooksDir,
        "before-start",
        "10-first",
        "echo \"10-first $1 $EXECUTOR_HOOK\" >> '"
            + order
            + "'\n"
            + "env > '"
            + env
            + "'\npwd > '"
            + cwd
            + "'\necho X=first\necho Y=only-first");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    Map<String, String> added = await(hooks.beforeStart(meta()));

    assertEquals(
        List.of("10-first before-start before-start", "20-second before-start before-start"),
        HookFiles.lines(order));
    assertEquals(Map.of("X", "second", "Y", "only-first"), added);
    List<String> seen = HookFiles.lines(env);
    for (String expected :
        List.of(
            "MESOS_TASK_ID=task-1",
            "MESOS_TASK_NAME=my task",
            "MESOS_EXECUTOR_ID=exec-1",
            "MESOS_FRAMEWORK_ID=fw-1",
            "MESOS_SLAVE_ID=agent-1",
            "MESOS_AGENT_ID=agent-1",
            "MESOS_SANDBOX=" + taskDir,
            "MESOS_TASK_LABELS={\"team\":\"storage\",\"app.tier\":\"web\"}",
            "MESOS_TASK_LABEL_TEAM=storage",
            "MESOS_TASK_LABEL_APP_TIER=web",
            "EXECUTOR_HOOK=before-start",
            "FROM_EXECUTOR=base value")) {
      assertTrue(expected + " in " + seen, seen.contains(expected));
    }
    assertEquals(
        "no pid before the task starts", List.of(), HookFiles.withPrefix(seen, "MESOS_TASK_PID="));
    assertEquals(List.of(taskDir.toRealPath().toString()), HookFiles.lines(cwd));
  }

  @Test
  public void aRunningTasksPidIsInTheHookEnvironment() throws Exception {
    Path env = out.resolve("env");
    HookFiles.script(hooksDir, "before-terminate", "10-env", "env > '" + env + "'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    await(hooks.beforeTerminate(meta().withPid(4242), LONG));

    List<String> seen = HookFiles.lines(env);
    assertTrue(seen.toString(), seen.contains("MESOS_TASK_PID=4242"));
    assertTrue(seen.toString(), seen.contains("EXECUTOR_HOOK=before-terminate"));
  }

  @Test
  public void nonExecutablesDotFilesAndBackupsAreSkipped() throws Exception {
    Path plain = HookFiles.script(hooksDir, "before-start", "05-plain", "echo PLAIN=1");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    HookFiles.script(hooksDir, "before-start", ".10-hidden", "echo HIDDEN=1");
    HookFiles.script(hooksDir, "before-start", "20-edited~", "echo BACKUP=1");
    Files.createDirectories(hooksDir.resolve("before-start").resolve("30-dir"));
    HookFiles.script(hooksDir, "before-start", "40-real", "echo REAL=1");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(Map.of("REAL", "1"), await(hooks.beforeStart(meta())));
  }

  @Test
  public void aFailingHookFailsWithItsExitStatusAndLastErrorLineAndStopsTheOthers()
      throws Exception {
    String token = UUID.randomUUID().toString();
    Path after = out.resolve("after-ran");
    HookFiles.script(
        hooksDir,
        "before-start",
        "10-check",
        "echo 'checking quota' >&2\necho 'no quota left " + token + "' >&2\nexit 3");
    HookFiles.script(hooksDir, "before-start", "20-after", "touch '" + after + "'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    HookFailure failure = failure(hooks.beforeStart(meta()));

    assertEquals(
        "Hook before-start/10-check failed with exit status 3: no quota left " + token,
        failure.getMessage());
    assertFalse("a failed before-start hook stops the ones after it", Files.exists(after));
    if (HookFiles.executorLog() != null) {
      assertThat(
          HookFiles.awaitLog(token, WAIT).toString(),
          containsString("Hook before-start/10-check stderr: no quota left " + token));
    }
  }

  @Test
  public void aFailingHookWithoutErrorOutputIsDescribedByItsLastOutputLine() throws Exception {
    HookFiles.script(
        hooksDir, "before-start", "10-check", "echo 'first line'\necho 'the reason'\nexit 2");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(
        "Hook before-start/10-check failed with exit status 2: the reason",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aSilentFailingHookIsDescribedByItsExitStatus() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-check", "exit 4");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(
        "Hook before-start/10-check failed with exit status 4",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aHookThatPrintsSomethingElseThanVariablesFailsTheStart() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-chatty", "echo 'A=1'\necho 'registering...'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    HookFailure failure = failure(hooks.beforeStart(meta()));

    assertThat(failure.getMessage(), containsString("Hook before-start/10-chatty"));
    assertThat(failure.getMessage(), containsString("'registering...'"));
  }

  @Test
  public void aHookThatRunsPastTheTimeoutIsKilledWithItsChildren() throws Exception {
    Path pids = out.resolve("pids");
    HookFiles.script(
        hooksDir, "before-start", "10-hang", "sleep 60 &\necho \"$$ $!\" > '" + pids + "'\nwait");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), Duration.ofMillis(500), ctx));
    long start = System.nanoTime();
    CompletableFuture<Map<String, String>> run = hooks.beforeStart(meta());
    String[] written = HookFiles.awaitFile(pids, WAIT).trim().split(" ");
    long hookPid = Long.parseLong(written[0]);
    long sleepPid = Long.parseLong(written[1]);
    strays.add(sleepPid);
    HookFailure failure = failure(run);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals(
        "Hook before-start/10-hang did not finish within 500 ms and was killed",
        failure.getMessage());
    assertTrue("took " + tookMs + " ms", tookMs >= 500 && tookMs < 5_000);
    assertFalse("the hook's shell is gone", ProcScan.alive(hookPid));
    assertEquals("the hook's own child is gone too", List.of(), awaitGone(sleepPid));
  }

  @Test
  public void aBackgroundChildThatKeepsTheOutputOpenDoesNotHoldUpTheHook() throws Exception {
    Path pid = out.resolve("pid");
    // The pause lets the executor's reader block on the pipe first, as it does for any real hook.
    HookFiles.script(
        hooksDir, "before-start", "10-daemon", "sleep 30 &\necho $! > '" + pid + "'\nsleep 0.3");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    long start = System.nanoTime();
    Map<String, String> env = await(hooks.beforeStart(meta()));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    strays.add(Long.parseLong(HookFiles.awaitFile(pid, WAIT).trim()));

    assertEquals(Map.of(), env);
    assertTrue("took " + tookMs + " ms", tookMs < 5_000);
  }

  @Test
  public void variablesPrintedByAHookWhoseBackgroundChildKeepsTheOutputOpenAreKept()
      throws Exception {
    Path pid = out.resolve("pid");
    HookFiles.script(
        hooksDir,
        "before-start",
        "10-daemon",
        "sleep 30 &\necho $! > '" + pid + "'\necho A=1\nsleep 0.3");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    CompletableFuture<Map<String, String>> run = hooks.beforeStart(meta());
    strays.add(Long.parseLong(HookFiles.awaitFile(pid, WAIT).trim()));

    assertEquals(Map.of("A", "1"), await(run));
  }

  @Test
  public void aFailingHookWhoseBackgroundChildKeepsTheOutputOpenStillGivesItsReason()
      throws Exception {
    Path pid = out.resolve("pid");
    HookFiles.script(
        hooksDir,
        "before-start",
        "10-daemon",
        "sleep 30 &\necho $! > '" + pid + "'\necho 'port 8080 taken' >&2\nsleep 0.3\nexit 5");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    CompletableFuture<Map<String, String>> run = hooks.beforeStart(meta());
    strays.add(Long.parseLong(HookFiles.awaitFile(pid, WAIT).trim()));

    assertEquals(
        "Hook before-start/10-daemon failed with exit status 5: port 8080 taken",
        failure(run).getMessage());
  }

  @Test
  public void aFailingAfterHealthyHookFails() throws Exception {
    HookFiles.script(
        hooksDir, "after-healthy", "10-register", "echo 'registry unreachable' >&2\nexit 1");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(
        "Hook after-healthy/10-register failed with exit status 1: registry unreachable",
        failure(hooks.afterHealthy(meta().withPid(1234))).getMessage());
  }

  @Test
  public void onlyBeforeStartOutputIsReadAsVariables() throws Exception {
    HookFiles.script(hooksDir, "after-healthy", "10-register", "echo 'registered as web-1'");
    HookFiles.script(hooksDir, "before-terminate", "10-deregister", "echo 'deregistered web-1'");
    HookFiles.script(hooksDir, "before-start", "10-chatty", "echo 'registering web-1'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertNull("prose on stdout is fine here", await(hooks.afterHealthy(meta().withPid(1234))));
    assertNull(await(hooks.beforeTerminate(meta().withPid(1234), LONG)));
    assertThat(
        "but not before start, where stdout is the task's environment",
        failure(hooks.beforeStart(meta())).getMessage(),
        containsString("printed a line that is not KEY=VALUE: 'registering web-1'"));
  }

  @Test
  public void failingBeforeTerminateHooksAreIgnoredAndTheOthersStillRun() throws Exception {
    Path after = out.resolve("after-ran");
    HookFiles.script(
        hooksDir, "before-terminate", "10-fail", "echo 'cannot deregister' >&2\nexit 1");
    HookFiles.script(hooksDir, "before-terminate", "20-after", "touch '" + after + "'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    await(hooks.beforeTerminate(meta().withPid(1234), LONG));

    assertTrue(Files.exists(after));
  }

  @Test
  public void beforeTerminateHooksAreBoundByTheLimitWhenItIsShorterThanTheTimeout()
      throws Exception {
    Path pid = out.resolve("pid");
    Path after = out.resolve("after-ran");
    HookFiles.script(
        hooksDir, "before-terminate", "10-hang", "sleep 60 &\necho $! > '" + pid + "'\nwait");
    HookFiles.script(hooksDir, "before-terminate", "20-after", "touch '" + after + "'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    long start = System.nanoTime();
    await(hooks.beforeTerminate(meta().withPid(1234), Duration.ofMillis(300)));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    long sleepPid = Long.parseLong(HookFiles.awaitFile(pid, WAIT).trim());
    strays.add(sleepPid);

    assertTrue("took " + tookMs + " ms", tookMs >= 300 && tookMs < 5_000);
    assertTrue("the hook after the hanging one still ran", Files.exists(after));
    assertEquals(List.of(), awaitGone(sleepPid));
  }

  @Test
  public void beforeTerminateHooksAreBoundByTheTimeoutWhenItIsShorterThanTheLimit()
      throws Exception {
    HookFiles.script(hooksDir, "before-terminate", "10-hang", "exec sleep 60");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), Duration.ofMillis(300), ctx));
    long start = System.nanoTime();
    await(hooks.beforeTerminate(meta().withPid(1234), Duration.ofHours(1)));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue("took " + tookMs + " ms", tookMs >= 300 && tookMs < 5_000);
  }
}
