package org.mesosexec.hooks;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.logging.LogContext;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signal;
import org.mesosexec.process.Signaller;
import org.mesosexec.settings.Durations;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;
import org.mesosexec.time.Threads;

/**
 * Runs the operator's hooks at each {@link HookPoint}: first the executables in {@code
 * EXECUTOR_HOOKS_DIR/<point>/} in name order (as run-parts does), then the {@link TaskHook}s found
 * through {@link ServiceLoader}. Every run is asynchronous and bounded by a timeout; a hook that
 * runs past it is killed (an executable, with its process group) or abandoned (a Java hook, after
 * an interrupt). Everything a hook prints goes to {@code executor.log}.
 */
public final class Hooks {
  private static final Logger LOG = LogManager.getLogger(Hooks.class);
  private static final int MAX_OUTPUT = 64 * 1024;
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Optional<Path> dir;
  private final List<TaskHook> javaHooks;
  private final Duration timeout;
  private final Context ctx;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  /** Whether each executable hook leads its own process group (setsid is there). */
  private final boolean ownGroup = Files.isExecutable(SETSID);
  private volatile ExecutorService pool;

  /**
   * What running a hook needs from the executor.
   *
   * @param environment what every executable hook starts from
   * @param tracker spawns the executables, so that the orphan reaper leaves them alone
   * @param signaller kills an executable's process group at its timeout
   * @param scheduler the timeouts
   */
  public record Context(Map<String, String> environment, ProcessTracker tracker, Signaller signaller,
      Scheduler scheduler) {
    public Context {
      environment = Map.copyOf(environment);
      Objects.requireNonNull(tracker);
      Objects.requireNonNull(signaller);
      Objects.requireNonNull(scheduler);
    }
  }

  Hooks(Optional<Path> dir, List<TaskHook> javaHooks, Duration timeout, Context ctx) {
    this.dir = Objects.requireNonNull(dir);
    this.javaHooks = List.copyOf(javaHooks);
    this.timeout = Objects.requireNonNull(timeout);
    this.ctx = ctx;
  }

  /** Java hooks given directly (no directory, no service loader): for embedding and tests. */
  public static Hooks of(List<TaskHook> javaHooks, Duration timeout, Context ctx) {
    return new Hooks(Optional.empty(), javaHooks, timeout, ctx);
  }

  /** No hooks at all: every point completes at once. */
  public static Hooks none() {
    return new Hooks(Optional.empty(), List.of(), Duration.ZERO, null);
  }

  /**
   * The hooks of {@code dir} (executables, and {@code *.jar} files at its top for the service
   * loader) and of the executor's own class path.
   *
   * @throws IllegalArgumentException when a hook class named in a service file cannot be loaded
   */
  public static Hooks load(Optional<Path> dir, Duration timeout, Context ctx) {
    ClassLoader parent = Hooks.class.getClassLoader();
    ClassLoader loader = dir.map(d -> jarLoader(d, parent)).orElse(parent);
    List<TaskHook> found = new ArrayList<>();
    try {
      for (TaskHook hook : ServiceLoader.load(TaskHook.class, loader)) {
        found.add(hook);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("cannot load a Java hook: " + e.getMessage(), e);
    }
    dir.ifPresent(Hooks::warnAboutStrays);
    Hooks hooks = new Hooks(dir, found, timeout, ctx);
    if (!hooks.isEmpty()) {
      LOG.info("Hooks: directory {}, Java hooks {}, timeout {}", dir.map(Path::toString)
          .orElse("(none)"), found.stream().map(TaskHook::name).toList(), Durations.human(timeout));
    }
    return hooks;
  }

  private static ClassLoader jarLoader(Path dir, ClassLoader parent) {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list hook jars in " + dir + ": " + e, e);
    }
    return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
  }

  /** Says in the log what in the hooks directory will never run, so a typo does not go unseen. */
  private static void warnAboutStrays(Path dir) {
    List<String> points = Stream.of(HookPoint.values()).map(HookPoint::dirName).toList();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.map(p -> p.getFileName().toString())
          .filter(n -> !points.contains(n) && !n.endsWith(".jar") && !n.startsWith("."))
          .forEach(n -> LOG.warn("{} in the hooks directory {} is ignored: hooks go in {} or a .jar",
              n, dir, points));
    } catch (IOException e) {
      LOG.warn("Cannot list the hooks directory {}: {}", dir, e.toString());
    }
  }

  /** How long one hook may run. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether no hook is configured. */
  public boolean isEmpty() {
    return javaHooks.isEmpty() && dir.isEmpty();
  }

  /**
   * Runs the before-start hooks; completes with the variables they add to the task's environment,
   * or exceptionally with a {@link HookFailure} that says which hook failed and how.
   */
  public CompletableFuture<Map<String, String>> beforeStart(TaskMetadata task) {
    return run(HookPoint.BEFORE_START, task, timeout, true);
  }

  /** Runs the after-healthy hooks; completes exceptionally with a {@link HookFailure}. */
  public CompletableFuture<Void> afterHealthy(TaskMetadata task) {
    return run(HookPoint.AFTER_HEALTHY, task, timeout, true).thenApply(env -> null);
  }

  /**
   * Runs the before-terminate hooks, each bounded by the hook timeout or {@code limit}, whichever
   * is shorter; never fails (failures are logged).
   */
  public CompletableFuture<Void> beforeTerminate(TaskMetadata task, Duration limit) {
    Duration bound = limit.compareTo(timeout) < 0 ? limit : timeout;
    return run(HookPoint.BEFORE_TERMINATE, task, bound, false).thenApply(env -> null);
  }

  private CompletableFuture<Map<String, String>> run(HookPoint point, TaskMetadata task,
      Duration limit, boolean failFast) {
    Map<String, String> added = new LinkedHashMap<>();
    if (isEmpty()) {
      return CompletableFuture.completedFuture(added);
    }
    List<Step> steps = new ArrayList<>();
    executables(point).forEach(exe -> steps.add(new Step(point + "/" + exe.getFileName(),
        () -> runExecutable(exe, point, task, limit))));
    javaHooks.forEach(h -> steps.add(new Step(h.name(), () -> runJava(h, point, task, limit))));
    CompletableFuture<Map<String, String>> chain = CompletableFuture.completedFuture(added);
    for (Step step : steps) {
      chain = chain.thenCompose(env -> step.start().get().handle((more, error) -> {
        if (error == null) {
          env.putAll(more);
          return env;
        }
        String why = HookFailure.messageOf(error);
        if (failFast) {
          throw new HookFailure(why);
        }
        LOG.warn("{} (ignored: {} hooks do not stop the kill)", why, point);
        return env;
      }));
    }
    return chain;
  }

  private record Step(String name, Supplier<CompletableFuture<Map<String, String>>> start) {}

  private List<Path> executables(HookPoint point) {
    if (dir.isEmpty()) {
      return List.of();
    }
    Path pointDir = dir.get().resolve(point.dirName());
    if (!Files.isDirectory(pointDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pointDir)) {
      List<Path> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith("~")) {
          continue;
        }
        if (Files.isRegularFile(f) && Files.isExecutable(f)) {
          out.add(f);
        } else {
          LOG.warn("Hook {} is skipped: not an executable file", f);
        }
      }
      return out;
    } catch (IOException e) {
      LOG.warn("Cannot list hooks in {}: {}", pointDir, e.toString());
      return List.of();
    }
  }

  private CompletableFuture<Map<String, String>> runExecutable(Path exe, HookPoint point,
      TaskMetadata task, Duration limit) {
    String name = point + "/" + exe.getFileName();
    List<String> command = new ArrayList<>();
    if (ownGroup) {
      command.add(SETSID.toString());
    }
    command.add(exe.toString());
    command.add(point.dirName());
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(Files.isDirectory(task.directory()) ? task.directory().toFile() : null)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(ctx.environment());
    pb.environment().putAll(task.environment());
    pb.environment().put("EXECUTOR_HOOK", point.dirName());
    Process p;
    try {
      p = ctx.tracker().spawn(pb);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new HookFailure("Hook " + name + " cannot start: "
          + e.getMessage()));
    }
    LOG.info("Hook {} started as pid {} for task {}", name, p.pid(), task.taskId());
    running.add(p);
    Output out = capture(p.getInputStream(), name, "stdout", task);
    Output err = capture(p.getErrorStream(), name, "stderr", task);
    boolean[] timedOut = new boolean[1];
    Cancellable timer = ctx.scheduler().schedule(limit, () -> {
      synchronized (timedOut) {
        timedOut[0] = true;
      }
      LOG.warn("Hook {} still running after {}; killing it", name, Durations.human(limit));
      kill(p);
    });
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    p.onExit().whenComplete((x, e) -> {
      timer.cancel();
      running.remove(p);
      // Output is complete at EOF; a hook's background child could hold the pipe, so wait briefly
      // and then go on with what was read.
      CompletableFuture<Void> drained = CompletableFuture.allOf(out.ended, err.ended);
      Cancellable drain = ctx.scheduler().schedule(OUTPUT_DRAIN, () -> drained.complete(null));
      drained.whenComplete((y, f) -> {
        drain.cancel();
        boolean late;
        synchronized (timedOut) {
          late = timedOut[0];
        }
        try {
          result.complete(outcome(name, point, p.exitValue(), late, limit, out.text(),
              err.text()));
        } catch (HookFailure failure) {
          result.completeExceptionally(failure);
        }
      });
    });
    return result;
  }

  private static Map<String, String> outcome(String name, HookPoint point, int exit,
      boolean timedOut, Duration limit, String stdout, String stderr) {
    if (timedOut) {
      throw new HookFailure("Hook " + name + " did not finish within " + Durations.human(limit)
          + " and was killed");
    }
    if (exit != 0) {
      String tail = lastLine(stderr).or(() -> lastLine(stdout)).map(l -> ": " + l).orElse("");
      throw new HookFailure("Hook " + name + " failed with exit status " + exit + tail);
    }
    LOG.info("Hook {} succeeded", name);
    return point == HookPoint.BEFORE_START ? variables(name, stdout) : Map.of();
  }

  /** The {@code KEY=VALUE} lines a before-start hook printed; blank and '#' lines are skipped. */
  static Map<String, String> variables(String name, String stdout) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : stdout.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || !NAME.matcher(l.substring(0, eq)).matches()) {
        throw new HookFailure("Hook " + name + " printed a line that is not KEY=VALUE: '"
            + (l.length() > 200 ? l.substring(0, 200) + "..." : l)
            + "' (a before-start hook's standard output is the task's extra environment; log to"
            + " standard error)");
      }
      env.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return env;
  }

  private static Optional<String> lastLine(String text) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? Optional.empty()
        : Optional.of(last.length() > 500 ? last.substring(0, 500) + "..." : last);
  }

  /** What a hook wrote on one stream: the first 64 KiB, readable while the stream is open. */
  private static final class Output {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    synchronized void keep(byte[] buf, int n) {
      kept.write(buf, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
    }

    /** Everything kept so far; complete once {@link #ended} is. */
    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }

  /** Reads a stream to its end on the hook pool, logging each line as it comes. */
  private Output capture(InputStream in, String name, String stream, TaskMetadata task) {
    Output output = new Output();
    pool().execute(LogContext.wrap(task.taskId(), () -> {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try (in) {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
          output.keep(buf, n);
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              logLine(name, stream, line);
            } else if (line.size() < MAX_OUTPUT) {
              line.write(buf[i]);
            }
          }
        }
      } catch (IOException e) {
        LOG.debug("Reading {} of hook {}: {}", stream, name, e.toString());
      }
      logLine(name, stream, line);
      output.ended.complete(null);
    }));
    return output;
  }

  private static void logLine(String name, String stream, ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (!text.isBlank()) {
      LOG.info("Hook {} {}: {}", name, stream, text);
    }
  }

  private CompletableFuture<Map<String, String>> runJava(TaskHook hook, HookPoint point,
      TaskMetadata task, Duration limit) {
    Callable<Map<String, String>> call = switch (point) {
      case BEFORE_START -> () -> checked(hook.name(), hook.beforeStart(task));
      case AFTER_HEALTHY -> () -> {
        hook.afterHealthy(task);
        return Map.of();
      };
      case BEFORE_TERMINATE -> () -> {
        hook.beforeTerminate(task);
        return Map.of();
      };
    };
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    Future<?> running = pool().submit(LogContext.wrap(task.taskId(), () -> {
      try {
        result.complete(call.call());
        LOG.info("Hook {} ({}) succeeded", hook.name(), point);
      } catch (HookFailure e) {
        result.completeExceptionally(e);
      } catch (Exception | LinkageError | AssertionError e) {
        result.completeExceptionally(new HookFailure("Hook " + hook.name() + " (" + point
            + ") failed: " + e));
      }
    }));
    Cancellable timer = ctx.scheduler().schedule(limit, () -> {
      if (result.completeExceptionally(new HookFailure("Hook " + hook.name() + " (" + point
          + ") did not finish within " + Durations.human(limit) + " and was interrupted"))) {
        running.cancel(true);
      }
    });
    result.whenComplete((r, e) -> timer.cancel());
    return result;
  }

  private static Map<String, String> checked(String name, Map<String, String> env) {
    if (env == null) {
      return Map.of();
    }
    for (String key : env.keySet()) {
      if (key == null || !NAME.matcher(key).matches() || env.get(key) == null) {
        throw new HookFailure("Hook " + name + " returned an invalid variable: " + key + "="
            + env.get(key));
      }
    }
    return env;
  }

  private ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (this) {
        if (pool == null) {
          pool = Executors.newCachedThreadPool(Threads.named("hook"));
        }
        p = pool;
      }
    }
    return p;
  }

  /** SIGKILL to a hook and its process group (its descendants, when setsid was missing). */
  private void kill(Process p) {
    if (!ownGroup || !ctx.signaller().signalGroup(p.pid(), Signal.KILL)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /**
   * Kills the executable hooks still running, with their process groups, and stops the hook
   * threads (Java hooks still running are interrupted): no hook outlives the executor.
   */
  public void close() {
    for (Process p : running) {
      LOG.warn("Hook process {} still running as the executor stops; killing it", p.pid());
      kill(p);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
