package bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.mesos.Protos.TaskState;

/**
 * Launch latency: {@code launchTask} call to TASK_RUNNING arrival for {@code /bin/true} tasks, one
 * at a time (p50, p99) and 200 at once (until all are RUNNING), against bare {@code
 * ProcessBuilder("/bin/true").start()} in the same JVM; then the floors of a launch ({@link
 * LaunchFloors}). Both sides are timed after 400 launches of warm-up: the executor's launch runs
 * through far more code than a bare spawn, and the one C1 compiler thread of run-executor.sh's
 * options takes about 1.4 ms of CPU per launch over its first 200 launches, 0.4 to 0.6 ms over the
 * next 200 and about 0.1 ms after that, on the same two cores.
 */
public final class LaunchBench {
  private static final int WARMUP = 400;
  private static final int TASKS = 200;
  private static final String TRUE = "{\"argv\":[\"/bin/true\"]}";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private LaunchBench() {}

  public static void main(String[] args) throws Exception {
    List<Long> bare = bareStarts();
    long bareBurst = bareBurst();
    LaunchFloors.rows(Stats.median(bare));
    try (InProcessExecutor ex = InProcessExecutor.start("launch")) {
      List<Long> launches = sequential(ex);
      long burst = burst(ex);
      long p50 = Stats.median(launches);
      long p99 = Stats.percentile(launches, 99);
      long bareP50 = Stats.median(bare);
      long bareP99 = Stats.percentile(bare, 99);
      Report.row(
          "launch -> RUNNING p50 (200 seq)",
          Stats.ms(p50),
          Stats.ms(bareP50),
          (double) p50 / bareP50,
          "<= 2x",
          p50 <= 2 * bareP50);
      Report.row(
          "launch -> RUNNING p99 (200 seq)",
          Stats.ms(p99),
          Stats.ms(bareP99),
          (double) p99 / bareP99,
          "-",
          null);
      Report.row(
          "burst: 200 launches -> all RUNNING",
          Stats.ms(burst),
          Stats.ms(bareBurst),
          (double) burst / bareBurst,
          "-",
          null);
      LaunchFloors.tmpfsRows(ex, TRUE, bareP50);
    }
    System.exit(0);
  }

  /** One task at a time: each launch waits for the previous task's RUNNING. */
  private static List<Long> sequential(InProcessExecutor ex)
      throws IOException, InterruptedException {
    List<Long> total = new ArrayList<>();
    List<Long> toStarting = new ArrayList<>();
    List<Long> startingToRunning = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Map<String, Long> cpu = Map.of();
    for (int i = 0; i < WARMUP + TASKS; i++) {
      if (i == WARMUP) {
        cpu = LaunchFloors.threadCpu();
      }
      String id = "seq-" + i;
      ids.add(id);
      long t0 = System.nanoTime();
      ex.launch(id, TRUE);
      long running = ex.driver().awaitArrival(id, TaskState.TASK_RUNNING, WAIT).nanos();
      if (i >= WARMUP) {
        total.add(running - t0);
        long starting = ex.driver().awaitArrival(id, TaskState.TASK_STARTING, WAIT).nanos();
        toStarting.add(starting - t0);
        startingToRunning.add(running - starting);
      }
    }
    LaunchFloors.cpuNote(cpu, LaunchFloors.threadCpu(), TASKS);
    ex.driver().awaitAllTerminal(ids, WAIT);
    Report.note(
        "launch: p50 launchTask -> STARTING %s, p50 STARTING -> RUNNING %s",
        Stats.ms(Stats.median(toStarting)), Stats.ms(Stats.median(startingToRunning)));
    return total;
  }

  /** All at once, as the driver delivers a burst of offers' tasks: until the last is RUNNING. */
  private static long burst(InProcessExecutor ex) throws InterruptedException {
    List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> "burst-" + i).toList();
    long t0 = System.nanoTime();
    for (String id : ids) {
      ex.launch(id, TRUE);
    }
    long callbacks = System.nanoTime() - t0;
    long all = ex.driver().awaitAllArrivals(ids, TaskState.TASK_RUNNING, WAIT) - t0;
    ex.driver().awaitAllTerminal(ids, WAIT);
    Report.note("burst: the 200 launchTask callbacks returned after %s", Stats.ms(callbacks));
    return all;
  }

  /** The baseline per launch: time until {@code start()} returns, after a warm-up. */
  private static List<Long> bareStarts() throws IOException, InterruptedException {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < WARMUP + TASKS; i++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("/bin/true").start();
      long took = System.nanoTime() - t0;
      reap(p);
      if (i >= WARMUP) {
        samples.add(took);
      }
    }
    return samples;
  }

  /** The burst baseline: 200 bare starts back to back. */
  private static long bareBurst() throws IOException, InterruptedException {
    List<Process> started = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < TASKS; i++) {
      started.add(new ProcessBuilder("/bin/true").start());
    }
    long took = System.nanoTime() - t0;
    for (Process p : started) {
      reap(p);
    }
    return took;
  }

  private static void reap(Process p) throws IOException, InterruptedException {
    p.waitFor();
    p.getOutputStream().close();
    p.getInputStream().close();
    p.getErrorStream().close();
  }
}
