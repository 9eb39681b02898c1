package bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.mesosexec.ExecutorParts;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Memory over many tasks: the executor's heap (after a full collection) once 10,000 short tasks
 * have run, against once 100 have. A finished task leaves the registry, so the heap should stay
 * flat. The tasks' processes are puppets that exit at once (the production parts with this one
 * launcher replaced), so that the run takes seconds and measures the executor's own bookkeeping;
 * everything else (workers, timers, task directories, executor.log) is real.
 */
public final class RegistryBench {
  private static final int FEW = 100;
  private static final int MANY = 10_000;
  private static final int BATCH = 100;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final double TARGET = 1.5;

  private RegistryBench() {}

  public static void main(String[] args) throws Exception {
    try (InProcessExecutor ex =
        InProcessExecutor.start(
            "registry",
            Map.of(),
            parts ->
                new ExecutorParts(
                    parts.scheduler(),
                    parts.workers(),
                    new InstantLauncher(),
                    parts.prober(),
                    parts.hooks(),
                    parts.orphans(),
                    parts.threads(),
                    parts.jvmThreads()))) {
      run(ex, 0, FEW);
      long few = heapAfterGc();
      run(ex, FEW, MANY);
      long many = heapAfterGc();
      double ratio = (double) many / few;
      Report.note(
          "registry: heap %.1f MB after %d tasks, %.1f MB after %d (%d bytes per task)",
          few / 1e6, FEW, many / 1e6, MANY, (many - few) / (MANY - FEW));
      Report.row(
          "heap after " + MANY + " short tasks",
          mb(many),
          mb(few) + " after " + FEW,
          ratio,
          "<= " + TARGET + "x",
          ratio <= TARGET);
    }
    System.exit(0);
  }

  /** Runs tasks {@code from} to {@code to} (exclusive), a batch at a time, to their end. */
  private static void run(InProcessExecutor ex, int from, int to) throws InterruptedException {
    for (int start = from; start < to; start += BATCH) {
      List<String> ids = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + BATCH); i++) {
        String id = "short-" + i;
        ids.add(id);
        ex.launch(id, "{\"argv\":[\"/bin/true\"]}");
      }
      ex.driver().awaitAllTerminal(ids, WAIT);
      ex.driver().clear(); // the recording is the bench's memory, not the executor's
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** Processes that have exited by the time they are started, leaving nothing behind. */
  private static final class InstantLauncher implements ProcessLauncher {
    private final AtomicLong pids = new AtomicLong(4_000_000);

    @Override
    public RunningWork launch(org.mesosexec.process.LaunchRequest request) {
      long pid = pids.incrementAndGet();
      return new RunningWork() {
        @Override
        public OptionalLong pid() {
          return OptionalLong.of(pid);
        }

        @Override
        public CompletionStage<ExitStatus> ended() {
          return CompletableFuture.completedFuture(ExitStatus.fromJvm(0));
        }

        @Override
        public List<Long> remaining() {
          return List.of();
        }

        @Override
        public int stop(Signal signal) {
          return 0;
        }

        @Override
        public int stopNewcomers() {
          return 0;
        }
      };
    }
  }
}
