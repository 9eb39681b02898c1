package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Start-up: wall time from starting {@code run-executor.sh --local T} (one {@code /bin/true} task)
 * to its TASK_RUNNING line on stdout, against the wall time of {@code java -version} with the same
 * JVM; medians of 10 runs each, interleaved, after one warm-up run of each.
 *
 * <p>Arguments: the repository root, the {@code java} the script will pick, a scratch directory.
 */
public final class StartupBench {
  private static final int WARMUP = 1;
  private static final int RUNS = 10;
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String java = args[1];
    Path scratch = Files.createTempDirectory(Path.of(args[2]), "startup-");
    Path taskFile = scratch.resolve("true.json");
    Files.writeString(
        taskFile,
        "{\"task_id\":{\"value\":\"t\"},\"name\":\"t\",\"data\":{\"argv\":[\"/bin/true\"]}}");
    List<Long> toRunning = new ArrayList<>();
    List<Long> toRegistered = new ArrayList<>();
    List<Long> javaVersion = new ArrayList<>();
    for (int i = 0; i < WARMUP + RUNS; i++) {
      long[] run = executorRun(root, taskFile, scratch.resolve("sandbox-" + i));
      long version = javaVersion(java);
      if (i >= WARMUP) {
        toRegistered.add(run[0]);
        toRunning.add(run[1]);
        javaVersion.add(version);
      }
    }
    long executor = Stats.median(toRunning);
    long baseline = Stats.median(javaVersion);
    Report.note(
        "start-up: median to the 'registered' line %s; to TASK_RUNNING min %s max %s",
        Stats.ms(Stats.median(toRegistered)),
        Stats.ms(Stats.percentile(toRunning, 1)),
        Stats.ms(Stats.percentile(toRunning, 100)));
    Report.row(
        "start-up to TASK_RUNNING (median/10)",
        Stats.ms(executor),
        Stats.ms(baseline) + " java -version",
        (double) executor / baseline,
        "<= 4x",
        executor <= 4 * baseline);
  }

  /** Returns {time to the registered line, time to TASK_RUNNING}; the run must exit 0. */
  private static long[] executorRun(Path root, Path taskFile, Path sandbox)
      throws IOException, InterruptedException {
    long registered = -1;
    long running = -1;
    try (ScriptRun run = ScriptRun.start(root, taskFile, sandbox, LIMIT)) {
      for (Optional<String> line = run.nextLine(); line.isPresent(); line = run.nextLine()) {
        long now = System.nanoTime() - run.startNanos();
        if (registered < 0 && line.get().startsWith("{\"event\":\"registered\"")) {
          registered = now;
        }
        if (ScriptRun.status(line.get())
            .filter(s -> s.state().equals("TASK_RUNNING"))
            .isPresent()) {
          running = now;
          break;
        }
      }
      int code = run.finish(LIMIT);
      if (running < 0 || code != 0) {
        throw new IllegalStateException(
            "the start-up run printed no TASK_RUNNING or exited "
                + code
                + "; see "
                + sandbox.resolve("executor.log"));
      }
    }
    return new long[] {registered, running};
  }

  private static long javaVersion(String java) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(java, "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int code = p.waitFor();
    long took = System.nanoTime() - t0;
    if (code != 0) {
      throw new IllegalStateException(java + " -version exited " + code);
    }
    return took;
  }
}
