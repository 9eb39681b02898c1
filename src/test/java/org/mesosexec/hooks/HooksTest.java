package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.LibC;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.time.SystemScheduler;

/**
 * The hooks runner on its own, with real shell-script hooks in a temporary hooks directory and
 * Java hooks given directly or found through a service jar there.
 */
public class HooksTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LONG = Duration.ofSeconds(10);

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private SystemScheduler scheduler;
  private ProcessTracker tracker;
  private Hooks.Context ctx;
  private final List<Hooks> opened = new ArrayList<>();
  private final List<Long> strays = new ArrayList<>();
  private Path hooksDir;
  private Path taskDir;
  private Path out;

  @Before
  public void setUp() throws Exception {
    scheduler = new SystemScheduler();
    Optional<LibC> libc = LibC.load();
    tracker = ProcessTracker.start(libc);
    ctx = new Hooks.Context(
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "FROM_EXECUTOR", "base value"),
        tracker, new Signaller(libc), scheduler);
    hooksDir = tmp.newFolder("hooks").toPath();
    taskDir = tmp.newFolder("sandbox", "tasks", "task-1").toPath();
    out = tmp.newFolder("out").toPath();
  }

  @After
  public void tearDown() {
    opened.forEach(Hooks::close);
    for (long pid : strays) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    tracker.reapOrphans();
    scheduler.close();
  }

  // ---- Hooks.variables: a before-start hook's standard output -------------------------------

  @Test
  public void variablesAreTheKeyValueLinesInOrder() {
    Map<String, String> env = Hooks.variables("before-start/10-env",
        "A=1\nB=two words\nC=x=y\nEMPTY=\n_lower_9=ok\n");

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("A", "1");
    expected.put("B", "two words");
    expected.put("C", "x=y");
    expected.put("EMPTY", "");
    expected.put("_lower_9", "ok");
    assertEquals(expected, env);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(env.keySet()));
  }

  @Test
  public void blankAndCommentLinesAreSkipped() {
    Map<String, String> env = Hooks.variables("before-start/10-env",
        "\n# a comment\n   \n\t\nA=1\n#B=2\n\r\n");

    assertEquals(Map.of("A", "1"), env);
  }

  @Test
  public void carriageReturnsAtLineEndsAreNotPartOfTheValue() {
    Map<String, String> env = Hooks.variables("before-start/10-env", "A=1\r\nB=2\r\n");

    assertEquals(Map.of("A", "1", "B", "2"), env);
  }

  @Test
  public void aVariablePrintedTwiceHasItsLastValue() {
    assertEquals(Map.of("A", "2"), Hooks.variables("before-start/10-env", "A=1\nA=2\n"));
  }

  @Test
  public void noOutputAddsNoVariables() {
    assertEquals(Map.of(), Hooks.variables("before-start/10-env", ""));
    assertEquals(Map.of(), Hooks.variables("before-start/10-env", "\n\n"));
  }

  @Test
  public void aLineThatIsNotKeyValueFailsTheHookQuotingTheLine() {
    HookFailure failure = assertThrows(HookFailure.class,
        () -> Hooks.variables("before-start/10-env", "A=1\nhello world\nB=2\n"));

    assertThat(failure.getMessage(), containsString("Hook before-start/10-env"));
    assertThat(failure.getMessage(), containsString("not KEY=VALUE"));
    assertThat(failure.getMessage(), containsString("'hello world'"));
    assertThat(failure.getMessage(), containsString("log to standard error"));
  }

  @Test
  public void aLineWhoseNameIsNotAVariableNameFailsTheHook() {
    for (String line : List.of("=value", "1A=x", "MY-VAR=x", "export A=1", " A=1", "A B=c",
        "no equals sign")) {
      HookFailure failure = assertThrows(line, HookFailure.class,
          () -> Hooks.variables("before-start/10-env", line + "\n"));
      assertThat(line, failure.getMessage(), containsString("'" + line + "'"));
    }
  }

  @Test
  public void aLongBadLineIsCutInTheMessage() {
    String line = "x".repeat(300);

    HookFailure failure = assertThrows(HookFailure.class,
        () -> Hooks.variables("before-start/10-env", line));

    assertThat(failure.getMessage(), containsString("'" + "x".repeat(200) + "...'"));
    assertThat(failure.getMessage(), not(containsString("x".repeat(201))));
  }

  // ---- Hooks.load -----------------------------------------------------------------------------

  @Test
  public void withoutADirectoryAndNoServiceFileThereAreNoHooks() throws Exception {
    Hooks hooks = open(Hooks.load(Optional.empty(), LONG, ctx));

    assertTrue("the test class path must hold no TaskHook service file", hooks.isEmpty());
    assertEquals(Map.of(), hooks.beforeStart(meta()).get(0, TimeUnit.SECONDS));
  }

  @Test
  public void noHooksCompleteEveryPointAtOnce() throws Exception {
    Hooks none = Hooks.none();

    assertTrue(none.isEmpty());
    assertEquals(Map.of(), none.beforeStart(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.afterHealthy(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.beforeTerminate(meta(), LONG).get(0, TimeUnit.SECONDS));
    none.close();
  }

  @Test
  public void strayEntriesInTheHooksDirectoryAreIgnored() throws Exception {
    Files.writeString(hooksDir.resolve("README"), "hooks go in before-start/\n");
    Files.createDirectories(hooksDir.resolve(".git"));
    HookFiles.script(hooksDir, "before_start", "10-typo",
        "touch '" + out.resolve("typo-ran") + "'");
    Path topLevel = hooksDir.resolve("top-level.sh");
    Files.writeString(topLevel, "#!/bin/sh\ntouch '" + out.resolve("top-ran") + "'\n");
    Files.setPosixFilePermissions(topLevel, PosixFilePermissions.fromString("rwxr-xr-x"));

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    Map<String, String> env = await(hooks.beforeStart(meta()));

    assertFalse(hooks.isEmpty());
    assertEquals(Map.of(), env);
    assertFalse(Files.exists(out.resolve("typo-ran")));
    assertFalse(Files.exists(out.resolve("top-ran")));
  }

  @Test
  public void aJarNamingAMissingHookClassCannotBeLoaded() throws Exception {
    HookFiles.serviceJar(hooksDir, "broken.jar", "org.example.NoSuchHook");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertThat(e.getMessage(), containsString("cannot load a Java hook"));
    assertThat(e.getMessage(), containsString("org.example.NoSuchHook"));
  }

  @Test
  public void aJavaHookInAJarInTheHooksDirectoryRuns() throws Exception {
    HookFiles.serviceJar(hooksDir, "greeting.jar", GreetingHook.class.getName());

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertFalse(hooks.isEmpty());
    assertEquals(Map.of("JAVA_GREETING", "hello task-1 (storage)"),
        await(hooks.beforeStart(meta())));
  }

  @Test
  public void jarsBelowTheTopOfTheHooksDirectoryAreNotLoaded() throws Exception {
    HookFiles.serviceJar(hooksDir.resolve("lib"), "greeting.jar", GreetingHook.class.getName());

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(Map.of(), await(hooks.beforeStart(meta())));
  }

  // ---- executable hooks -----------------------------------------------------------------------

  @Test
  public void executablesRunInNameOrderWithThePointAsArgumentAndTheTaskInTheEnvironment()
      throws Exception {
    Path order = out.resolve("order");
    Path env = out.resolve("env");
    Path cwd = out.resolve("cwd");
    HookFiles.script(hooksDir, "before-start", "20-second",
        "echo \"20-second $1 $EXECUTOR_HOOK\" >> '" + order + "'\necho X=second");
    HookFiles.script(hooksDir, "before-start", "10-first",
        "echo \"10-first $1 $EXECUTOR_HOOK\" >> '" + order + "'\n"
            + "env > '" + env + "'\npwd > '" + cwd + "'\necho X=first\necho Y=only-first");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    Map<String, String> added = await(hooks.beforeStart(meta()));

    assertEquals(
        List.of("10-first before-start before-start", "20-second before-start before-start"),
        HookFiles.lines(order));
    assertEquals(Map.of("X", "second", "Y", "only-first"), added);
    List<String> seen = HookFiles.lines(env);
    for (String expected : List.of("MESOS_TASK_ID=task-1", "MESOS_TASK_NAME=my task",
        "MESOS_EXECUTOR_ID=exec-1", "MESOS_FRAMEWORK_ID=fw-1", "MESOS_SLAVE_ID=agent-1",
        "MESOS_AGENT_ID=agent-1", "MESOS_SANDBOX=" + taskDir,
        "MESOS_TASK_LABELS={\"team\":\"storage\",\"app.tier\":\"web\"}",
        "MESOS_TASK_LABEL_TEAM=storage", "MESOS_TASK_LABEL_APP_TIER=web",
        "EXECUTOR_HOOK=before-start", "FROM_EXECUTOR=base value")) {
      assertTrue(expected + " in " + seen, seen.contains(expected));
    }
    assertEquals("no pid before the task starts", List.of(),
        HookFiles.withPrefix(seen, "MESOS_TASK_PID="));
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
    HookFiles.script(hooksDir, "before-start", "10-check",
        "echo 'checking quota' >&2\necho 'no quota left " + token + "' >&2\nexit 3");
    HookFiles.script(hooksDir, "before-start", "20-after", "touch '" + after + "'");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    HookFailure failure = failure(hooks.beforeStart(meta()));

    assertEquals("Hook before-start/10-check failed with exit status 3: no quota left " + token,
        failure.getMessage());
    assertFalse("a failed before-start hook stops the ones after it", Files.exists(after));
    if (HookFiles.executorLog() != null) {
      assertThat(HookFiles.awaitLog(token, WAIT).toString(),
          containsString("Hook before-start/10-check stderr: no quota left " + token));
    }
  }

  @Test
  public void aFailingHookWithoutErrorOutputIsDescribedByItsLastOutputLine() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-check",
        "echo 'first line'\necho 'the reason'\nexit 2");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals("Hook before-start/10-check failed with exit status 2: the reason",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aSilentFailingHookIsDescribedByItsExitStatus() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-check", "exit 4");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals("Hook before-start/10-check failed with exit status 4",
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
    HookFiles.script(hooksDir, "before-start", "10-hang",
        "sleep 60 &\necho \"$$ $!\" > '" + pids + "'\nwait");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), Duration.ofMillis(500), ctx));
    long start = System.nanoTime();
    CompletableFuture<Map<String, String>> run = hooks.beforeStart(meta());
    String[] written = HookFiles.awaitFile(pids, WAIT).trim().split(" ");
    long hookPid = Long.parseLong(written[0]);
    long sleepPid = Long.parseLong(written[1]);
    strays.add(sleepPid);
    HookFailure failure = failure(run);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals("Hook before-start/10-hang did not finish within 500 ms and was killed",
        failure.getMessage());
    assertTrue("took " + tookMs + " ms", tookMs >= 500 && tookMs < 5_000);
    assertFalse("the hook's shell is gone", ProcScan.alive(hookPid));
    assertEquals("the hook's own child is gone too", List.of(), awaitGone(sleepPid));
  }

  @Test
  public void aBackgroundChildThatKeepsTheOutputOpenDoesNotHoldUpTheHook() throws Exception {
    Path pid = out.resolve("pid");
    // The pause lets the executor's reader block on the pipe first, as it does for any real hook.
    HookFiles.script(hooksDir, "before-start", "10-daemon",
        "sleep 30 &\necho $! > '" + pid + "'\nsleep 0.3");

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
    HookFiles.script(hooksDir, "before-start", "10-daemon",
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
    HookFiles.script(hooksDir, "before-start", "10-daemon",
        "sleep 30 &\necho $! > '" + pid + "'\necho 'port 8080 taken' >&2\nsleep 0.3\nexit 5");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    CompletableFuture<Map<String, String>> run = hooks.beforeStart(meta());
    strays.add(Long.parseLong(HookFiles.awaitFile(pid, WAIT).trim()));

    assertEquals("Hook before-start/10-daemon failed with exit status 5: port 8080 taken",
        failure(run).getMessage());
  }

  @Test
  public void aFailingAfterHealthyHookFails() throws Exception {
    HookFiles.script(hooksDir, "after-healthy", "10-register",
        "echo 'registry unreachable' >&2\nexit 1");

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals("Hook after-healthy/10-register failed with exit status 1: registry unreachable",
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
    assertThat("but not before start, where stdout is the task's environment",
        failure(hooks.beforeStart(meta())).getMessage(),
        containsString("printed a line that is not KEY=VALUE: 'registering web-1'"));
  }

  @Test
  public void failingBeforeTerminateHooksAreIgnoredAndTheOthersStillRun() throws Exception {
    Path after = out.resolve("after-ran");
    HookFiles.script(hooksDir, "before-terminate", "10-fail",
        "echo 'cannot deregister' >&2\nexit 1");
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
    HookFiles.script(hooksDir, "before-terminate", "10-hang",
        "sleep 60 &\necho $! > '" + pid + "'\nwait");
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

  // ---- Java hooks -----------------------------------------------------------------------------

  @Test
  public void javaHooksRunAfterTheExecutablesAndGetTheTask() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-exe", "echo WHO=executable\necho EXE=1");
    Hooks hooks = open(new Hooks(Optional.of(hooksDir), List.of(new TaskHook() {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        return Map.of("WHO", "java", "LABEL", task.labels().get("app.tier"), "DIR",
            task.directory().toString());
      }
    }), LONG, ctx));

    assertEquals(Map.of("WHO", "java", "EXE", "1", "LABEL", "web", "DIR", taskDir.toString()),
        await(hooks.beforeStart(meta())));
  }

  @Test
  public void aJavaHookThatReturnsNullAddsNothing() throws Exception {
    Hooks hooks = java(new TaskHook() {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        return null;
      }
    });

    assertEquals(Map.of(), await(hooks.beforeStart(meta())));
  }

  @Test
  public void aJavaHookThatThrowsFailsWithTheException() throws Exception {
    Hooks hooks = java(new Named("ticket-check") {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        throw new IllegalStateException("no ticket for " + task.taskId());
      }
    });

    assertEquals("Hook ticket-check (before-start) failed: java.lang.IllegalStateException: no"
        + " ticket for task-1", failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aHookFailureFromAJavaHookKeepsItsMessage() throws Exception {
    Hooks hooks = java(new Named("quota") {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        throw new HookFailure("quota exhausted for team " + task.labels().get("team"));
      }
    });

    assertEquals("quota exhausted for team storage",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aJavaHookThatReturnsABadVariableFails() throws Exception {
    Hooks hooks = java(new Named("bad-name") {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        return Map.of("MY-VAR", "x");
      }
    });

    assertEquals("Hook bad-name returned an invalid variable: MY-VAR=x",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aJavaHookThatRunsPastTheTimeoutIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Hooks hooks = open(new Hooks(Optional.empty(), List.of(new Named("sleepy") {
      @Override
      public Map<String, String> beforeStart(TaskMetadata task) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return Map.of("LATE", "1");
      }
    }), Duration.ofMillis(300), ctx));

    assertEquals("Hook sleepy (before-start) did not finish within 300 ms and was interrupted",
        failure(hooks.beforeStart(meta())).getMessage());
    assertTrue(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  public void aJavaAfterHealthyHookThatThrowsFails() throws Exception {
    Hooks hooks = java(new Named("announce") {
      @Override
      public void afterHealthy(TaskMetadata task) throws Exception {
        throw new java.io.IOException("pid " + task.pid().getAsLong() + " not announced");
      }
    });

    assertEquals("Hook announce (after-healthy) failed: java.io.IOException: pid 77 not announced",
        failure(hooks.afterHealthy(meta().withPid(77))).getMessage());
  }

  @Test
  public void aJavaBeforeTerminateHookThatThrowsIsIgnored() throws Exception {
    CountDownLatch second = new CountDownLatch(1);
    Hooks hooks = open(new Hooks(Optional.empty(), List.of(new Named("first") {
      @Override
      public void beforeTerminate(TaskMetadata task) {
        throw new IllegalStateException("cannot deregister");
      }
    }, new Named("second") {
      @Override
      public void beforeTerminate(TaskMetadata task) {
        second.countDown();
      }
    }), LONG, ctx));

    await(hooks.beforeTerminate(meta().withPid(77), LONG));

    assertEquals(0, second.getCount());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A Java hook found through a service jar; public with a public constructor, as required. */
  public static final class GreetingHook implements TaskHook {
    @Override
    public Map<String, String> beforeStart(TaskMetadata task) {
      return Map.of("JAVA_GREETING", "hello " + task.taskId() + " ("
          + task.labels().getOrDefault("team", "no team") + ")");
    }
  }

  private abstract static class Named implements TaskHook {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }

  private TaskMetadata meta() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "storage");
    labels.put("app.tier", "web");
    return new TaskMetadata("task-1", "my task", "exec-1", "fw-1", "agent-1", labels, taskDir,
        OptionalLong.empty());
  }

  private Hooks open(Hooks hooks) {
    opened.add(hooks);
    return hooks;
  }

  private Hooks java(TaskHook hook) {
    return open(new Hooks(Optional.empty(), List.of(hook), LONG, ctx));
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("hooks failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("hooks did not complete within " + WAIT);
    }
  }

  private static HookFailure failure(CompletableFuture<?> f) throws Exception {
    try {
      Object result = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      fail("expected a HookFailure, got " + result);
      return null;
    } catch (ExecutionException e) {
      assertNotNull(e.getCause());
      if (!(e.getCause() instanceof HookFailure failure)) {
        throw new AssertionError("expected a HookFailure, got " + e.getCause(), e.getCause());
      }
      return failure;
    }
  }

  /** Waits until {@code pid} is gone (a zombie counts as gone); returns it if still alive. */
  private List<Long> awaitGone(long pid) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (ProcScan.alive(pid) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return ProcScan.alive(pid) ? List.of(pid) : List.of();
  }
}
