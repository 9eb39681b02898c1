package org.mesosexec.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.ExecutorParts;
import org.mesosexec.ExecutorRuntime;
import org.mesosexec.health.OsProber;
import org.mesosexec.health.Prober;
import org.mesosexec.mesos.MesosExecutor;
import org.mesosexec.settings.Settings;

/**
 * The real executor (real processes, real timers) in a temporary sandbox, with the test playing the
 * libmesos driver: it calls the callbacks and a {@link RecordingDriver} records the updates.
 * Configure with {@link #setting}, {@link #env} and {@link #taskKillingState} before the first
 * {@link #launch}; the runtime is closed after each test.
 */
public final class ExecutorHarness extends ExternalResource {
  /** How long a test waits for anything the executor should do. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final TemporaryFolder folder = new TemporaryFolder();
  private final Map<String, String> settings = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private final RecordingDriver driver = new RecordingDriver();
  private boolean taskKillingState;
  private ExecutorRuntime runtime;
  private ExecutorParts parts;

  /** Check attempts started so far, of every task. */
  private final AtomicInteger checkAttempts = new AtomicInteger();

  public ExecutorHarness() {
    settings.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
    settings.put("EXECUTOR_STOP_DELAY", "100ms");
    // Long enough that the executor does not stop itself between two steps of a test.
    settings.put("EXECUTOR_IDLE_TIMEOUT", "60secs");
  }

  @Override
  protected void before() throws IOException {
    folder.create();
  }

  @Override
  protected void after() {
    try {
      close();
    } finally {
      folder.delete();
    }
  }

  /** Closes the executor as its driver ending does; the sandbox stays until the test ends. */
  public void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  /** Sets an executor setting (DESIGN §7); before the executor starts. */
  public ExecutorHarness setting(String name, String value) {
    requireNotStarted();
    settings.put(name, value);
    return this;
  }

  /** Adds a variable to the executor's environment; before the executor starts. */
  public ExecutorHarness env(String name, String value) {
    requireNotStarted();
    env.put(name, value);
    return this;
  }

  /** Gives the framework the TASK_KILLING_STATE capability; before the executor starts. */
  public ExecutorHarness taskKillingState(boolean enabled) {
    requireNotStarted();
    taskKillingState = enabled;
    return this;
  }

  /** Builds the executor and calls {@code registered}, once; later calls do nothing. */
  public MesosExecutor start() {
    if (runtime == null) {
      OsProber.allowConnectionHeader(); // as Main does at start-up
      Map<String, String> environment = new HashMap<>(System.getenv());
      environment.putAll(settings);
      environment.putAll(env);
      Settings parsed = Settings.fromEnvironment(environment);
      // The production parts, as ExecutorRuntime builds them, kept so that awaitTimers can reach
      // the executor's own timer; check attempts are counted on their way to the real prober.
      ExecutorParts os =
          ExecutorParts.defaults(parsed, parsed.taskEnvironment(environment), sandbox());
      Prober counted =
          (probe, target, timeout) -> {
            checkAttempts.incrementAndGet();
            return os.prober().start(probe, target, timeout);
          };
      parts =
          new ExecutorParts(
              os.scheduler(),
              os.workers(),
              os.launcher(),
              counted,
              os.hooks(),
              os.orphans(),
              os.threads(),
              os.jvmThreads());
      runtime = new ExecutorRuntime(parsed, environment, sandbox(), List.of(), parts);
      runtime
          .executor()
          .registered(
              driver, Tasks.executorInfo(), Tasks.framework(taskKillingState), Tasks.agent());
    }
    return runtime.executor();
  }

  public RecordingDriver driver() {
    return driver;
  }

  /** The executor's sandbox. */
  public Path sandbox() {
    return folder.getRoot().toPath();
  }

  /** The task's directory in the sandbox (DESIGN §8). */
  public Path taskDir(String taskId) {
    return sandbox().resolve("tasks").resolve(taskId);
  }

  /**
   * Waits for TASK_RUNNING and then until the task leads its own process group, and returns its
   * pid. Tests that kill a task at once need this: a kill sent before the group exists loses its
   * SIGTERM (see {@code KillIT.killRightAfterTaskRunningStillSendsSigterm}).
   */
  public long awaitOwnGroup(String taskId) throws InterruptedException {
    long pid = awaitPid(taskId);
    ProcScan.awaitGroupSize(pid, 1, WAIT);
    return pid;
  }

  /** Calls {@code launchTask}, starting the executor first if need be. */
  public void launch(TaskInfo task) {
    start().launchTask(driver, task);
  }

  /** Calls {@code killTask}. */
  public void kill(String taskId) {
    start().killTask(driver, Tasks.id(taskId));
  }

  /** Calls {@code shutdown}. */
  public void shutdown() {
    start().shutdown(driver);
  }

  /**
   * Ends the run as the agent would ({@code shutdown}) and waits until the executor has stopped the
   * driver. The executor stops it only after every task has sent its terminal update and the stop
   * delay has passed, and a real driver drops whatever is sent after that: so the updates recorded
   * by then are all a scheduler ever sees, and a test asserts on them (and on {@link
   * RecordingDriver#updatesAfterStop} being empty) to prove that nothing stray was sent.
   */
  public void shutdownAndAwaitStopped() throws InterruptedException {
    shutdown();
    driver.awaitStopped(WAIT);
  }

  /**
   * Waits until the executor's own timer has passed {@code delay} from now: every timer it set for
   * an earlier moment has fired by then, and whatever that timer scheduled for a moment before this
   * one too (the timer runs its actions one at a time, in order of their deadlines).
   */
  public void awaitTimers(Duration delay) throws InterruptedException {
    start();
    CountDownLatch fired = new CountDownLatch(1);
    parts.scheduler().schedule(delay, fired::countDown);
    if (!fired.await(delay.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the executor's timer did not pass " + delay + " within " + WAIT);
    }
  }

  /**
   * Waits until the executor has started {@code n} check attempts (health checks and checks, of any
   * task). A checker starts an attempt only once the outcome of its previous one has been handled,
   * updates sent: so by then each earlier attempt of a task with one check has had its effect.
   */
  public void awaitCheckAttempts(int n) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (checkAttempts.get() < n) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "only " + checkAttempts.get() + " check attempts, not " + n + ", within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  public TaskStatus awaitTerminal(String taskId) throws InterruptedException {
    return driver.awaitTerminal(taskId, WAIT);
  }

  public TaskStatus awaitState(String taskId, TaskState state) throws InterruptedException {
    return driver.awaitState(taskId, state, WAIT);
  }

  /** Waits for TASK_RUNNING and returns the task's pid from its message. */
  public long awaitPid(String taskId) throws InterruptedException {
    return Tasks.pid(awaitState(taskId, TaskState.TASK_RUNNING));
  }

  /**
   * Waits until the task's stdout holds {@code text}: a task prints a marker once it has set up
   * what the test is about to exercise (a trap, a child process).
   */
  public void awaitOutput(String taskId, String text) throws IOException, InterruptedException {
    Path stdout = taskDir(taskId).resolve("stdout");
    long end = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(stdout) && Files.readString(stdout).contains(text))) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + taskId + " never printed '" + text + "' within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  private void requireNotStarted() {
    if (runtime != null) {
      throw new IllegalStateException("configure the harness before the executor starts");
    }
  }
}
