package bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;
import org.mesosexec.testing.QuietContext;

/**
 * JVM tasks ({@code jvm} spec of the example {@code WordCount}, its jar in the sandbox): launch to
 * TASK_RUNNING p50 against a bare {@code ExecutorService.submit} of the same task until its {@code
 * run} begins, beside the same for a {@code /bin/true} command task (the path every task takes) and
 * the floors of what only a JVM task pays ({@link JvmFloors}); 10,000 such tasks through one
 * executor, tasks per second against 10,000 {@code /bin/true} command tasks; heap and metaspace
 * after a full collection once 1,000 and once 10,000 JVM tasks have run (each has a class loader of
 * its own, which must be collected).
 *
 * <p>Argument: the examples' jar ({@code target/mesos-task-executor-examples.jar}).
 */
public final class JvmTaskBench {
  private static final int WARMUP = 20;
  private static final int LAUNCHES = 200;
  private static final int FEW = 1_000;
  private static final int MANY = 10_000;
  private static final int BATCH = 100;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String JAR = "mesos-task-executor-examples.jar";
  private static final String TASK = "org.mesosexec.examples.WordCount";
  private static final String ARGS = "[\"a b a\"]";
  private static final String SPEC =
      "{\"jvm\":{\"class\":\""
          + TASK
          + "\",\"classpath\":[\""
          + JAR
          + "\"],\"args\":"
          + ARGS
          + "}}";
  private static final String TRUE = "{\"argv\":[\"/bin/true\"]}";

  private JvmTaskBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    long bareP50 = Stats.median(bareSubmits(jar));
    try (InProcessExecutor ex = InProcessExecutor.start("jvm")) {
      Files.copy(jar, ex.sandbox().resolve(JAR));
      long p50 = Stats.median(launches(ex, "launch-", SPEC));
      Report.row(
          "JVM task launch -> RUNNING p50",
          Stats.ms(p50),
          Stats.ms(bareP50) + " submit",
          (double) p50 / bareP50,
          "<= 5x",
          p50 <= 5 * bareP50);
      // What every task pays (commands too), and the floors of what only JVM tasks pay.
      JvmFloors.row("command task launch -> RUNNING", launches(ex, "true-launch-", TRUE), bareP50);
      JvmFloors.rows(jar, ex.sandbox(), JAR, TASK, ARGS, bareP50);
      long jvmNanos = run(ex, "jvm-", 0, FEW, SPEC);
      Memory few = Memory.afterGc();
      jvmNanos += run(ex, "jvm-", FEW, MANY, SPEC);
      Memory many = Memory.afterGc();
      long trueNanos = run(ex, "true-", 0, MANY, TRUE);
      double jvmRate = MANY / (jvmNanos / 1e9);
      double trueRate = MANY / (trueNanos / 1e9);
      Report.row(
          MANY + " tiny JVM tasks, tasks/s",
          rate(jvmRate),
          rate(trueRate) + " /bin/true",
          jvmRate / trueRate,
          "> 1x",
          jvmRate > trueRate);
      memoryRows(few, many);
    }
    System.exit(0);
  }

  private static void memoryRows(Memory few, Memory many) {
    Report.note(
        "jvm tasks: heap %s / metaspace %s after %d, heap %s / metaspace %s after %d",
        mb(few.heap()), mb(few.metaspace()), FEW, mb(many.heap()), mb(many.metaspace()), MANY);
    double heap = (double) many.heap() / few.heap();
    double meta = (double) many.metaspace() / few.metaspace();
    Report.row(
        "heap after " + MANY + " JVM tasks",
        mb(many.heap()),
        mb(few.heap()) + " after " + FEW,
        heap,
        "<= 1.5x",
        heap <= 1.5);
    Report.row(
        "metaspace after " + MANY + " JVM tasks",
        mb(many.metaspace()),
        mb(few.metaspace()) + " after " + FEW,
        meta,
        "<= 1.2x",
        meta <= 1.2);
  }

  /** One task at a time, each launched once the previous one is RUNNING. */
  private static List<Long> launches(InProcessExecutor ex, String prefix, String spec)
      throws InterruptedException {
    List<Long> samples = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < WARMUP + LAUNCHES; i++) {
      String id = prefix + i;
      ids.add(id);
      long t0 = System.nanoTime();
      ex.launch(id, spec);
      long running = ex.driver().awaitArrival(id, TaskState.TASK_RUNNING, WAIT).nanos();
      if (i >= WARMUP) {
        samples.add(running - t0);
      }
    }
    ex.driver().awaitAllTerminal(ids, WAIT);
    ex.driver().clear();
    return samples;
  }

  /**
   * Runs tasks {@code from} to {@code to} a batch at a time to their end; returns the time taken.
   */
  private static long run(InProcessExecutor ex, String prefix, int from, int to, String spec)
      throws InterruptedException {
    long t0 = System.nanoTime();
    for (int start = from; start < to; start += BATCH) {
      List<String> ids = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + BATCH); i++) {
        ids.add(prefix + i);
        ex.launch(prefix + i, spec);
      }
      ex.driver().awaitAllTerminal(ids, WAIT);
      ex.driver().clear(); // the recording is the bench's memory, not the executor's
    }
    return System.nanoTime() - t0;
  }

  /** The baseline: submit of the same task to a bare pool, until its run begins. */
  private static List<Long> bareSubmits(Path jar) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Long> samples = new ArrayList<>();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, Task.class.getClassLoader())) {
      Task<?> task = (Task<?>) loader.loadClass(TASK).getConstructor().newInstance();
      TaskContext context = new QuietContext("bare", ARGS);
      for (int i = 0; i < WARMUP + LAUNCHES; i++) {
        long t0 = System.nanoTime();
        Future<Long> begun =
            pool.submit(
                () -> {
                  long start = System.nanoTime();
                  task.run(context);
                  return start;
                });
        long started = begun.get();
        if (i >= WARMUP) {
          samples.add(started - t0);
        }
      }
    } finally {
      pool.shutdown();
    }
    return samples;
  }

  /** Heap and metaspace in use after full collections. */
  private record Memory(long heap, long metaspace) {
    static Memory afterGc() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(100);
      }
      long meta = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getName().equals("Metaspace")) {
          meta = pool.getUsage().getUsed();
        }
      }
      return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), meta);
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.0f/s", perSecond);
  }
}
