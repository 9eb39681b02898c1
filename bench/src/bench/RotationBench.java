package bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.Settings;
import org.mesosexec.time.SystemScheduler;

/**
 * The overhead of rotation on the task itself: a writer ({@code yes | head}, 200 MB of 40-byte
 * lines into an O_APPEND stdout, as the executor starts tasks) timed with its stdout followed by
 * the progress tracker, against the same with the tracker rotating it at 1 MB caps (keep 5);
 * medians of 3 interleaved runs.
 */
public final class RotationBench {
  private static final long CAP = 1L << 20;

  private RotationBench() {}

  /** Arguments: a scratch directory, where the trackers' {@code executor.log} goes. */
  public static void main(String[] args) throws Exception {
    System.setProperty(
        "executor.sandbox", Files.createTempDirectory(Path.of(args[0]), "rotation-").toString());
    long[] plain = new long[3];
    long[] rotated = new long[3];
    for (int i = 0; i < 3; i++) {
      plain[i] = run(false);
      rotated[i] = run(true);
    }
    java.util.Arrays.sort(plain);
    java.util.Arrays.sort(rotated);
    double mbPlain = 200e3 / plain[1];
    double mbRotated = 200e3 / rotated[1];
    Report.row(
        "task output throughput, rotation at 1MB caps",
        String.format(java.util.Locale.ROOT, "%.0f MB/s", mbRotated),
        String.format(java.util.Locale.ROOT, "%.0f MB/s unrotated", mbPlain),
        mbRotated / mbPlain,
        "-",
        null);
  }

  /** Milliseconds the writer took. */
  private static long run(boolean rotate) throws Exception {
    Path dir = Files.createTempDirectory("rotation-bench");
    Path stdout = Files.createFile(dir.resolve("stdout"));
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (SystemScheduler scheduler = new SystemScheduler()) {
      List<Rotation> rotations =
          rotate
              ? List.of(Rotation.open(dir, stdout, CAP, 5, SandboxFiles.shared()).orElseThrow())
              : List.of();
      ProgressTracker tracker =
          new ProgressTracker(
              dir,
              List.of(stdout),
              rotations,
              new ProgressParser(
                  com.google.re2j.Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512),
              4096,
              Duration.ofSeconds(1),
              scheduler,
              workers,
              (sequence, p) -> {});
      tracker.start();
      long t0 = System.nanoTime();
      new ProcessBuilder(
              "sh", "-c", "yes 012345678901234567890123456789012345678 | head -n 5000000")
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
          .redirectError(new File("/dev/null"))
          .start()
          .waitFor();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      tracker.finish(Duration.ofSeconds(30));
      return Math.max(1, ms);
    } finally {
      workers.shutdown();
      try (Stream<Path> files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      }
      Files.delete(dir);
    }
  }
}
