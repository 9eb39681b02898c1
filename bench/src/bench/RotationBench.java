package bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.Rotation;
import org.mesosexec.progress.OutputLines;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.Settings;
import org.mesosexec.time.SystemScheduler;

/**
 * Rotation at 1 MB caps (keep 5). The overhead on the task itself: a writer ({@code yes | head},
 * 200 MB of 40-byte lines into an O_APPEND stdout, as the executor starts tasks) timed with its
 * stdout followed by the progress tracker, against the same with the tracker rotating it; medians
 * of 3 interleaved runs. The bound and the loss: numbered lines written at full speed, by {@code
 * seq} (faster than the follower hands lines on) and by a shell loop (one write a line, as
 * RotationIT), while the task directory's size is sampled every millisecond, against (keep + 1) x
 * the cap, and the lines the follower never saw (gaps in the numbers) per rotation.
 */
public final class RotationBench {
  private static final long CAP = 1L << 20;
  private static final int KEEP = 5;
  private static final long NUMBERED = 20_000_000;
  private static final long LOOPED = 500_000;

  private RotationBench() {}

  /** Arguments: a scratch directory, where the trackers' {@code executor.log} goes. */
  public static void main(String[] args) throws Exception {
    System.setProperty(
        "executor.sandbox", Files.createTempDirectory(Path.of(args[0]), "rotation-").toString());
    long[] plain = new long[3];
    long[] rotated = new long[3];
    for (int i = 0; i < 3; i++) {
      plain[i] = run(false, "yes 012345678901234567890123456789012345678 | head -n 5000000", null);
      rotated[i] = run(true, "yes 012345678901234567890123456789012345678 | head -n 5000000", null);
    }
    java.util.Arrays.sort(plain);
    java.util.Arrays.sort(rotated);
    double mbPlain = 200e3 / plain[1];
    double mbRotated = 200e3 / rotated[1];
    Report.row(
        "task output throughput, rotation at 1MB caps",
        String.format(Locale.ROOT, "%.0f MB/s", mbRotated),
        String.format(Locale.ROOT, "%.0f MB/s unrotated", mbPlain),
        mbRotated / mbPlain,
        "-",
        null);
    bound("seq, 1MB caps keep 5", "seq 1 " + NUMBERED, NUMBERED, CAP, KEEP);
    bound(
        "shell loop, 64KB caps keep 3",
        "i=0; while [ $i -lt " + LOOPED + " ]; do i=$((i+1)); echo $i; done",
        LOOPED,
        64 * 1024,
        3);
  }

  /** The worst sampled size of the task directory, and the lines lost, under {@code writer}. */
  private static void bound(String what, String writer, long lines, long cap, int keep)
      throws Exception {
    Numbered numbered = new Numbered(lines);
    run(writer, numbered, cap, keep);
    long bound = (keep + 1) * cap;
    Report.row(
        "task directory at most (" + what + ")",
        numbered.worstUse.get() + " B",
        bound + " B = (keep+1) x cap",
        (double) numbered.worstUse.get() / bound,
        "<= 1.00x",
        numbered.worstUse.get() <= bound);
    Report.row(
        "lines lost per rotation (" + what + ")",
        String.format(
            Locale.ROOT,
            "%.2f (%d in %d rotations)",
            (double) numbered.lost / Math.max(1, numbered.rotations),
            numbered.lost,
            numbered.rotations),
        lines + " lines written",
        "-",
        "-",
        null);
  }

  private static long run(boolean rotate, String writer, Numbered numbered) throws Exception {
    return run(writer, numbered, rotate ? CAP : 0, KEEP);
  }

  /** Milliseconds the writer took; {@code cap} 0 for no rotation. */
  private static long run(String writer, Numbered numbered, long cap, int keep) throws Exception {
    Path dir = Files.createTempDirectory("rotation-bench");
    Path stdout = Files.createFile(dir.resolve("stdout"));
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (SystemScheduler scheduler = new SystemScheduler()) {
      List<Rotation> rotations =
          cap > 0
              ? List.of(Rotation.open(dir, stdout, cap, keep, SandboxFiles.shared()).orElseThrow())
              : List.of();
      ProgressTracker tracker =
          new ProgressTracker(
              new ProgressTracker.Followed(
                  dir,
                  List.of(stdout),
                  rotations,
                  Optional.of(
                      new ProgressParser(
                          com.google.re2j.Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512)),
                  numbered == null ? Map.of() : Map.of(stdout, "stdout"),
                  Optional.ofNullable(numbered),
                  4096),
              Duration.ofSeconds(1),
              scheduler,
              workers,
              (sequence, p) -> {});
      tracker.start();
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread sampler = numbered == null ? null : numbered.sample(dir, writing);
      long t0 = System.nanoTime();
      new ProcessBuilder("sh", "-c", writer)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
          .redirectError(new File("/dev/null"))
          .start()
          .waitFor();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      tracker.finish(Duration.ofSeconds(30));
      writing.set(false);
      if (sampler != null) {
        sampler.join();
        numbered.rotations = rotations.get(0).rotations();
      }
      return Math.max(1, ms);
    } finally {
      workers.shutdown();
      try (Stream<Path> files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      }
      Files.delete(dir);
    }
  }

  /** Counts the numbered lines the follower never saw, and samples the directory's size. */
  private static final class Numbered implements OutputLines {
    final AtomicLong worstUse = new AtomicLong();
    final long lines;
    long last;
    long lost;
    long rotations;

    Numbered(long lines) {
      this.lines = lines;
    }

    @Override
    public void line(String stream, String text, int part) {
      try {
        long n = Long.parseLong(text);
        if (n > last) {
          lost += n - last - 1;
          last = n;
        }
      } catch (NumberFormatException cut) {
        // a line whose start or end was lost at a rotation: counted by the gap around it
      }
    }

    @Override
    public void polled() {}

    @Override
    public void ended() {
      lost += lines - last;
    }

    Thread sample(Path dir, AtomicBoolean writing) {
      Thread t =
          new Thread(
              () -> {
                while (writing.get()) {
                  worstUse.accumulateAndGet(use(dir), Math::max);
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rotation-sampler");
      t.start();
      return t;
    }

    private static long use(Path dir) {
      long total = 0;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          try {
            total += Files.size(p);
          } catch (NoSuchFileException renamed) {
            // shifted between the listing and the look: counted under its new name
          }
        }
      } catch (IOException e) {
        return 0;
      }
      return total;
    }
  }
}
