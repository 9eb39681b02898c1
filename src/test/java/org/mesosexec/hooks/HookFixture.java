package org.mesosexec.hooks;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.LibC;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.time.SystemScheduler;

/**
 * What the hook tests share: a temporary hooks directory for real shell-script hooks, a task
 * directory, a real process tracker and scheduler, and the task the hooks run for. Every hook
 * opened here is closed after the test, and the processes a test names as strays are killed.
 */
public abstract class HookFixture {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Duration LONG = Duration.ofSeconds(10);

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  SystemScheduler scheduler;
  ProcessTracker tracker;
  Hooks.Context ctx;
  final List<Hooks> opened = new ArrayList<>();
  final List<Long> strays = new ArrayList<>();
  Path hooksDir;
  Path taskDir;
  Path out;

  @Before
  public void setUp() throws Exception {
    scheduler = new SystemScheduler();
    Optional<LibC> libc = LibC.load();
    tracker = ProcessTracker.start(libc);
    ctx =
        new Hooks.Context(
            Map.of(
                "PATH",
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "FROM_EXECUTOR",
                "base value"),
            tracker,
            new Signaller(libc),
            scheduler);
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

  // ---- helpers --------------------------------------------------------------------------------

  /** A Java hook found through a service jar; public with a public constructor, as required. */
  public static final class GreetingHook implements TaskHook {
    @Override
    public Map<String, String> beforeStart(TaskMetadata task) {
      return Map.of(
          "JAVA_GREETING",
          "hello " + task.taskId() + " (" + task.labels().getOrDefault("team", "no team") + ")");
    }
  }

  abstract static class Named implements TaskHook {
    final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }

  TaskMetadata meta() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "storage");
    labels.put("app.tier", "web");
    return new TaskMetadata(
        "task-1", "my task", "exec-1", "fw-1", "agent-1", labels, taskDir, OptionalLong.empty());
  }

  Hooks open(Hooks hooks) {
    opened.add(hooks);
    return hooks;
  }

  Hooks java(TaskHook hook) {
    return open(new OperatorHooks(Optional.empty(), List.of(hook), LONG, ctx));
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("hooks failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("hooks did not complete within " + WAIT);
    }
  }

  static HookFailure failure(CompletableFuture<?> f) throws Exception {
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
  List<Long> awaitGone(long pid) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (ProcScan.alive(pid) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return ProcScan.alive(pid) ? List.of(pid) : List.of();
  }
}
