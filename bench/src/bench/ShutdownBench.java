package bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RecordingDriver;

/**
 * The shutdown of many small tasks: 500 {@code /bin/sleep 1000} tasks, then the {@code shutdown}
 * callback, with MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD 5secs (the agent SIGKILLs the executor after
 * it, so an update sent later is lost). Reports the time from the callback to the last terminal
 * update against that budget, how many tasks sent their terminal update within it (all must), and
 * how many task processes were left afterwards. One shutdown per JVM: an executor shuts down once.
 */
public final class ShutdownBench {
  private static final int TASKS = 500;
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration READY_WAIT = Duration.ofMinutes(2);

  /** How long the bench waits for updates after the budget, to say how late they came. */
  private static final Duration LATE_WAIT = Duration.ofSeconds(30);

  private static final String TAG_VARIABLE = "BENCH_SHUTDOWN_TAG";
  private static final String TAG = "shutdown-" + ProcessHandle.current().pid();

  private ShutdownBench() {}

  public static void main(String[] args) throws Exception {
    try {
      run();
    } finally {
      for (long pid : tagged()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    System.exit(0);
  }

  private static void run() throws Exception {
    String spec =
        "{\"argv\":[\"/bin/sleep\",\"1000\"],\"env\":{\"" + TAG_VARIABLE + "\":\"" + TAG + "\"}}";
    List<String> ids = new ArrayList<>();
    long t0;
    try (InProcessExecutor ex =
        InProcessExecutor.start(
            "shutdown",
            Map.of("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", GRACE.toSeconds() + "secs"))) {
      long launched = System.nanoTime();
      for (int i = 0; i < TASKS; i++) {
        ids.add("sleep-" + i);
        ex.launch(ids.get(i), spec);
      }
      ex.driver().awaitAllArrivals(ids, TaskState.TASK_RUNNING, READY_WAIT);
      awaitSleeping(launched + READY_WAIT.toNanos());
      Report.note(
          "shutdown of %d tasks: all running as sleep %s after the first launchTask",
          TASKS, Stats.ms(System.nanoTime() - launched));

      t0 = System.nanoTime();
      ex.shutdown();
      long budgetEnd = t0 + GRACE.toNanos();
      awaitAllTerminal(ex.driver(), ids, budgetEnd + LATE_WAIT.toNanos());
      int inBudget = 0;
      int total = 0;
      long last = Long.MIN_VALUE;
      for (String id : ids) {
        RecordingDriver.Arrival a = ex.driver().terminalArrival(id);
        if (a != null) {
          total++;
          inBudget += a.nanos() <= budgetEnd ? 1 : 0;
          last = Math.max(last, a.nanos() - t0);
        }
      }
      Report.note(
          "shutdown of %d tasks: %d terminal updates within the %d ms budget, %d in all;"
              + " the last %s after the callback",
          TASKS, inBudget, GRACE.toMillis(), total, total == 0 ? "-" : Stats.ms(last));
      String figure = "shutdown " + TASKS + " sleep tasks: ";
      String base = GRACE.toMillis() + " ms agent grace";
      boolean allIn = inBudget == TASKS;
      Report.row(
          figure + "-> last terminal",
          total == 0 ? "none" : Stats.ms(last),
          base,
          total == 0 ? Double.NaN : (double) last / GRACE.toNanos(),
          "< 1.0x",
          allIn && last < GRACE.toNanos());
      Report.row(
          figure + "terminal updates in budget",
          inBudget + "/" + TASKS,
          "-",
          "-",
          TASKS + "/" + TASKS,
          allIn);
    }
    int left = tagged().size();
    Report.row(
        "shutdown " + TASKS + " sleep tasks: task procs left after",
        String.valueOf(left),
        "-",
        "-",
        "0",
        left == 0);
  }

  /** Waits until every task process runs {@code sleep} (past setsid and exec). */
  private static void awaitSleeping(long deadline) throws InterruptedException, IOException {
    while (sleeping() < TASKS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + sleeping() + " of " + TASKS + " tasks sleep");
      }
      Thread.sleep(20);
    }
  }

  private static long sleeping() {
    return tagged().stream()
        .filter(pid -> ProcScan.stat(pid).filter(st -> st.comm().equals("sleep")).isPresent())
        .count();
  }

  /** Waits until every task has a terminal update or the deadline passes. */
  private static void awaitAllTerminal(RecordingDriver driver, List<String> ids, long deadline)
      throws InterruptedException {
    for (String id : ids) {
      while (driver.terminalArrival(id) == null && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
  }

  /** The processes whose environment carries the bench's tag. */
  private static List<Long> tagged() {
    return ProcScan.all().stream()
        .map(ProcScan.Stat::pid)
        .filter(
            pid -> ProcScan.environmentVariable(pid, TAG_VARIABLE).filter(TAG::equals).isPresent())
        .toList();
  }
}
