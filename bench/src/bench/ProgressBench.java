package bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.progress.Progress;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.RecordingDriver;
import org.mesosexec.time.SystemScheduler;

/**
 * Progress tracking over a task's output, with the executor's default settings (regex {@link
 * Settings#DEFAULT_PROGRESS_REGEX}, line and message caps, sample interval). MB here is 10^6 bytes.
 *
 * <ul>
 *   <li>Scan throughput: a 200 MB file of task output (log lines of varied length, a few of them
 *       long or not ASCII, and a {@code progress: 42.5 loading shard 17} line about every 100
 *       lines) scanned by {@link ProgressTracker#finish} (which reads all that is left and sends
 *       the last match only), against {@code LC_ALL=C grep -E -c} with the same pattern in POSIX
 *       ERE ({@code [[:space:]]} for {@code \s}) over the same file; medians of 3 runs each,
 *       interleaved, after one warm-up run of each, with the file in the page cache (read once
 *       first). Checks that the tracker's one message is the file's last progress line, and that
 *       grep counts as many matches as the file has progress lines (that the two patterns agree on
 *       this data). Then a rough profile: one pass each of stand-ins that add the tracker's stages
 *       one by one (the chunked reads, the line split, the UTF-8 decoding of every line, the regex
 *       on every line), and of two changes that would skip most of that work, as notes.
 *   <li>CPU per 100 MB: the real executor in this JVM runs one task that writes that file three
 *       times to its stdout (600 MB, {@code cat} at full speed) and then one that writes 500 MB of
 *       nothing but progress lines ({@code yes | head -n}); the JVM's own CPU time (process CPU
 *       from {@code OperatingSystemMXBean}: all its threads, the tracker, timers, GC, JIT) from
 *       {@code launchTask} to the terminal update, per 100 MB. The writer is another process and is
 *       not counted. The writer is far faster than the tracker, so most of the output is read by
 *       the drain after the task's exit, which the task's kill grace bounds: the tasks set {@code
 *       kill_grace_period_ms} to 10 minutes so that everything is read. Baseline: the CPU time
 *       (user + sys, from bash's {@code times}, that is getrusage of its children) that {@code
 *       LC_ALL=C grep -E -c} needs over the task's own stdout file afterwards, per 100 MB; {@code
 *       cat > /dev/null} of it is given too. Also the progress messages received, and whether the
 *       final one is the last progress line of the output.
 * </ul>
 *
 * <p>grep runs in the C locale: on this ASCII pattern it counts the same lines as in a UTF-8
 * locale, but a UTF-8 locale makes GNU grep 3.8 some 50 times slower on lines that match {@code
 * [[:space:]]+.*}, which would flatter the executor (the scan gives the other locale's time as a
 * note). Its output goes through a pipe, never to {@code /dev/null}: GNU grep stops at the first
 * match when its output is {@code /dev/null}.
 *
 * <p>Arguments: a scratch directory, and {@code scan} to run the scan and the profile only.
 */
public final class ProgressBench {
  private static final long MB = 1_000_000L;
  private static final long FILE_BYTES = 200 * MB;
  private static final int RUNS = 3;
  private static final double TARGET_RATIO = 0.5;

  /** The default regex in POSIX ERE: {@code \s} is {@code [[:space:]]}. */
  static final String GREP_PATTERN = "progress:[[:space:]]+([0-9]*\\.?[0-9]+)($|[[:space:]]+.*)";

  private static final String YES_LINE = "progress: 50 working on it";

  /** 500 MB of {@link #YES_LINE}, in whole lines. */
  private static final long YES_LINES = 500 * MB / (YES_LINE.length() + 1);

  private static final Duration WAIT = Duration.ofMinutes(10);

  private ProgressBench() {}

  /** What the generator wrote: lines, progress lines, and the last progress line. */
  record Generated(long bytes, long lines, long progressLines, String lastProgressLine) {}

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory(Path.of(args[0]), "progress-");
    // Before the first logger: the scan's trackers log too, and executor.log must not land in the
    // working directory (InProcessExecutor's own setting comes too late once logging has started).
    System.setProperty("executor.sandbox", scratch.toString());
    Settings settings = Settings.fromEnvironment(Map.of());
    Pattern regex = settings.progressRegex().orElseThrow();
    if (!regex.pattern().equals(Settings.DEFAULT_PROGRESS_REGEX)) {
      throw new IllegalStateException(
          "the default regex is not " + Settings.DEFAULT_PROGRESS_REGEX);
    }
    Path data = scratch.resolve("task-output.log");
    try {
      long g0 = System.nanoTime();
      Generated gen = generate(data, FILE_BYTES);
      Report.note(
          "progress: generated %s: %,d bytes, %,d lines, %,d progress lines (%.1f s)",
          data, gen.bytes(), gen.lines(), gen.progressLines(), (System.nanoTime() - g0) / 1e9);
      scan(data, gen, settings, regex);
      profile(data, settings, regex);
      if (!(args.length > 1 && args[1].equals("scan"))) {
        cpu(data, gen, regex);
      }
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------------------------------------
  // Scan throughput

  private static void scan(Path data, Generated gen, Settings settings, Pattern regex)
      throws Exception {
    long cached = readThrough(data); // into the page cache, for both
    if (cached != gen.bytes()) {
      throw new IllegalStateException("read " + cached + " bytes of " + gen.bytes());
    }
    List<Long> tracker = new ArrayList<>();
    List<Long> grep = new ArrayList<>();
    List<Long> trackerCpu = new ArrayList<>();
    Progress last = null;
    long grepCount = -1;
    for (int i = 0; i < 1 + RUNS; i++) {
      long cpu0 = threadCpu();
      long t0 = System.nanoTime();
      Progress p = trackerScan(data, settings, regex);
      long took = System.nanoTime() - t0;
      long cpu = threadCpu() - cpu0;
      t0 = System.nanoTime();
      long count = grepCount(data, true);
      long grepTook = System.nanoTime() - t0;
      Report.note(
          "progress scan run %d%s: tracker %.3f s (thread CPU %.3f s), LC_ALL=C grep %.3f s",
          i, i == 0 ? " (warm-up)" : "", took / 1e9, cpu / 1e9, grepTook / 1e9);
      if (i > 0) {
        tracker.add(took);
        grep.add(grepTook);
        trackerCpu.add(cpu);
      }
      if (last != null && !last.equals(p)) {
        throw new IllegalStateException("the tracker's last message changed: " + last + ", " + p);
      }
      last = p;
      grepCount = count;
    }
    double trackerMbs = mbPerSecond(gen.bytes(), Stats.median(tracker));
    double grepMbs = mbPerSecond(gen.bytes(), Stats.median(grep));
    double ratio = trackerMbs / grepMbs;
    long t0 = System.nanoTime();
    grepCount(data, false);
    long localeTook = System.nanoTime() - t0;
    Report.note(
        "progress scan: tracker thread CPU median %.3f s of %.3f s wall; grep in this"
            + " JVM's locale (LC_ALL=%s LANG=%s) instead of C: %.3f s, %.0f MB/s",
        Stats.median(trackerCpu) / 1e9,
        Stats.median(tracker) / 1e9,
        System.getenv().getOrDefault("LC_ALL", ""),
        System.getenv().getOrDefault("LANG", ""),
        localeTook / 1e9,
        mbPerSecond(gen.bytes(), localeTook));
    Report.row(
        "progress scan 200 MB (median/3)",
        String.format(Locale.ROOT, "%.0f MB/s", trackerMbs),
        String.format(Locale.ROOT, "%.0f MB/s LC_ALL=C grep -E -c", grepMbs),
        ratio,
        ">= " + TARGET_RATIO + "x",
        ratio >= TARGET_RATIO);

    Progress expected = expectedProgress(gen.lastProgressLine(), regex, settings);
    boolean same = expected.equals(last);
    Report.row(
        "progress scan: message = last progress line",
        describe(last),
        describe(expected) + " (file)",
        same ? "same" : "DIFFERENT",
        "same",
        same);
    boolean counts = grepCount == gen.progressLines();
    Report.note(
        "progress scan: grep counted %,d matching lines, the file has %,d progress lines: %s",
        grepCount, gen.progressLines(), counts ? "the patterns agree" : "THE PATTERNS DISAGREE");
    if (!counts) {
      throw new IllegalStateException("grep's pattern is not equivalent on this data");
    }
  }

  /** One tracker over {@code data}, drained by {@code finish}; returns the one message it sent. */
  static Progress trackerScan(Path data, Settings settings, Pattern regex) {
    AtomicReference<Progress> last = new AtomicReference<>();
    AtomicLong messages = new AtomicLong();
    try (SystemScheduler scheduler = new SystemScheduler()) {
      ProgressTracker tracker =
          new ProgressTracker(
              data.getParent(),
              List.of(data),
              new ProgressParser(regex, settings.maxMessageLength()),
              settings.maxBytesReadPerLine(),
              settings.progressSampleInterval(),
              scheduler,
              Runnable::run,
              (sequence, p) -> {
                messages.incrementAndGet();
                last.set(p);
              });
      tracker.finish(Duration.ofHours(1));
    }
    if (messages.get() != 1) {
      throw new IllegalStateException("finish() sent " + messages.get() + " messages, not 1");
    }
    return last.get();
  }

  /**
   * {@code grep -E -c} with the pattern over {@code file}, in the C locale if {@code cLocale}, else
   * in this JVM's; returns the count it printed. Its output is read through a pipe, never sent to
   * {@code /dev/null}: GNU grep stops at the first match when its output is {@code /dev/null}, as
   * with {@code -q}.
   */
  private static long grepCount(Path file, boolean cLocale)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("grep", "-E", "-c", GREP_PATTERN, file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (cLocale) {
      pb.environment().put("LC_ALL", "C");
    }
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    int rc = p.waitFor();
    if (rc != 0 && rc != 1) {
      throw new IllegalStateException("grep exited " + rc);
    }
    return Long.parseLong(out);
  }

  /** What the parser makes of the line, computed here independently of it. */
  private static Progress expectedProgress(String line, Pattern regex, Settings settings) {
    Matcher m = regex.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("the last progress line does not match: " + line);
    }
    int percent = new BigDecimal(m.group(1)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    String message = m.group(2).strip();
    if (message.length() > settings.maxMessageLength()) {
      throw new IllegalStateException("the generator wrote a message longer than the cap");
    }
    return new Progress(percent, message);
  }

  private static String describe(Progress p) {
    return p == null ? "none" : p.percent() + "% '" + p.message() + "'";
  }

  // ---------------------------------------------------------------------------------------------
  // Where the time goes: stand-ins for the tracker's stages, one pass each

  /**
   * One pass of each stand-in over the file, after one warm-up pass. The first five add the
   * tracker's stages one by one (so the differences are what each costs); the last two are changes
   * that the report suggests, with their own line handling, and must find as many progress lines.
   */
  private static void profile(Path data, Settings settings, Pattern regex) throws IOException {
    int maxBytes = settings.maxBytesReadPerLine();
    ProgressParser parser = new ProgressParser(regex, settings.maxMessageLength());
    byte[] needle = LITERAL.getBytes(StandardCharsets.US_ASCII);
    List<Pass> passes =
        List.of(
            new Lines("read: the tracker's 64 KiB FileChannel reads only", null),
            new Lines("+ line split (LineReader's byte loop, no String)", (b, o, n) -> 0),
            new Lines(
                "+ UTF-8 decode of every line (new String)",
                (b, o, n) -> {
                  String line = new String(b, o, n, StandardCharsets.UTF_8);
                  return line.length() & 0;
                }),
            new Lines(
                "+ regex find() on every line",
                (b, o, n) -> {
                  String line = new String(b, o, n, StandardCharsets.UTF_8);
                  return regex.matcher(line).find() ? 1 : 0;
                }),
            new Lines(
                "+ ProgressParser.parse on every line (= the tracker)",
                (b, o, n) -> {
                  String line = new String(b, o, n, StandardCharsets.UTF_8);
                  return parser.parse(line).isPresent() ? 1 : 0;
                }),
            new Lines(
                "suggestion A: skip lines without the bytes 'progress:'",
                (b, o, n) -> {
                  if (!containsBytes(b, o, n, needle)) {
                    return 0;
                  }
                  String line = new String(b, o, n, StandardCharsets.UTF_8);
                  return parser.parse(line).isPresent() ? 1 : 0;
                }),
            new ChunkSearch(
                "suggestion B: indexOf('progress:') per chunk, parse hit lines", parser));
    long bytes = Files.size(data);
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    String tiered =
        jvm.stream()
            .filter(o -> o.startsWith("-XX:TieredStopAtLevel="))
            .reduce((x, y) -> y)
            .orElse("");
    Report.note(
        "progress profile: JIT %s",
        tiered.equals("-XX:TieredStopAtLevel=1")
            ? "C1 only (-XX:TieredStopAtLevel=1, run-executor.sh's default)"
            : "tiered " + tiered);
    long expected = -1;
    for (Pass pass : passes) {
      pass.run(data, maxBytes); // warm-up
      long t0 = System.nanoTime();
      long matches = pass.run(data, maxBytes);
      long took = System.nanoTime() - t0;
      Report.note(
          "progress profile: %-64s %5.0f MB/s (%.3f s)%s",
          pass.name(),
          mbPerSecond(bytes, took),
          took / 1e9,
          matches > 0 ? ", " + matches + " matches" : "");
      if (pass.name().contains("parse") || pass.name().startsWith("suggestion")) {
        if (expected >= 0 && matches != expected) {
          throw new IllegalStateException(pass.name() + " found " + matches + ", not " + expected);
        }
        expected = matches;
      }
    }
  }

  /** The literal that every match of the default regex contains (its leading text). */
  private static final String LITERAL = "progress:";

  /** One stand-in: a pass over the file; returns the progress lines it found. */
  interface Pass {
    String name();

    long run(Path data, int maxBytes) throws IOException;
  }

  /** What a stand-in does with each line (bytes {@code o} to {@code o + n} of {@code b}). */
  @FunctionalInterface
  interface PerLine {
    int line(byte[] b, int o, int n);
  }

  /**
   * The tracker's reads (as {@code FileTail}: 64 KiB at a time into a heap array) and, unless
   * {@code perLine} is null, its line split (as {@code LineReader}: a line ends at '\n' or when it
   * reaches the per-line cap, and an unfinished one is carried into the next chunk).
   */
  record Lines(String name, PerLine perLine) implements Pass {
    @Override
    public long run(Path data, int maxBytes) throws IOException {
      byte[] buf = new byte[64 * 1024];
      ByteBuffer bb = ByteBuffer.wrap(buf);
      byte[] partial = new byte[maxBytes];
      long matches = 0;
      try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
        long position = 0;
        int partialLength = 0;
        while (true) {
          bb.clear();
          int n = ch.read(bb, position);
          if (n <= 0) {
            break;
          }
          position += n;
          if (perLine == null) {
            continue;
          }
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n' || partialLength + (i + 1 - start) >= maxBytes) {
              int end = buf[i] == '\n' ? i : i + 1;
              if (partialLength == 0) {
                matches += perLine.line(buf, start, end - start);
              } else {
                System.arraycopy(buf, start, partial, partialLength, end - start);
                matches += perLine.line(partial, 0, partialLength + end - start);
                partialLength = 0;
              }
              start = i + 1;
            }
          }
          System.arraycopy(buf, start, partial, partialLength, n - start);
          partialLength += n - start;
        }
      }
      return matches;
    }
  }

  /**
   * Suggestion B: no line split at all. Each chunk (with the unfinished line before it) is viewed
   * as a Latin-1 string (one array copy), the literal is found with {@code String.indexOf}, and
   * only the line around a hit is decoded and parsed. Valid for a regex whose every match contains
   * the literal, when the literal is ASCII (in UTF-8 its bytes are never part of another
   * character). This stand-in ignores the per-line cap (no progress line here is near it); the real
   * change would cut a hit's line to its piece as {@code LineReader} does.
   */
  record ChunkSearch(String name, ProgressParser parser) implements Pass {
    @Override
    public long run(Path data, int maxBytes) throws IOException {
      int chunk = 64 * 1024;
      byte[] buf = new byte[chunk + maxBytes];
      long matches = 0;
      try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
        long position = 0;
        int carry = 0; // the unfinished line, at most maxBytes, at the start of buf
        while (true) {
          int n = ch.read(ByteBuffer.wrap(buf, carry, chunk), position);
          if (n <= 0) {
            break;
          }
          position += n;
          int total = carry + n;
          String view = new String(buf, 0, total, StandardCharsets.ISO_8859_1);
          int complete = view.lastIndexOf('\n') + 1; // lines before this are whole
          for (int hit = view.indexOf(LITERAL);
              hit >= 0 && hit < complete;
              hit = view.indexOf(LITERAL, hit)) {
            int start = view.lastIndexOf('\n', hit) + 1;
            int end = view.indexOf('\n', hit);
            String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
            matches += parser.parse(line).isPresent() ? 1 : 0;
            hit = end + 1;
          }
          carry = Math.min(total - complete, maxBytes);
          System.arraycopy(buf, total - carry, buf, 0, carry);
        }
      }
      return matches;
    }
  }

  private static boolean containsBytes(byte[] b, int o, int n, byte[] needle) {
    byte first = needle[0];
    int last = o + n - needle.length;
    outer:
    for (int i = o; i <= last; i++) {
      if (b[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // CPU per 100 MB while a task writes at full speed

  private static void cpu(Path data, Generated gen, Pattern regex) throws Exception {
    String file = shellQuote(data.toString());
    cpuRun("log 600 MB", "cat " + file + " " + file + " " + file, 3 * gen.bytes(), regex);
    cpuRun(
        "500 MB progress lines",
        "yes '" + YES_LINE + "' | head -n " + YES_LINES,
        YES_LINES * (YES_LINE.length() + 1),
        regex);
  }

  private static void cpuRun(String output, String command, long expectedBytes, Pattern regex)
      throws Exception {
    String figure = "progress CPU per 100 MB: " + output;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    JsonObject spec = new JsonObject();
    spec.addProperty("command", command);
    spec.addProperty("kill_grace_period_ms", WAIT.toMillis());
    String id = "progress-cpu";
    try (InProcessExecutor ex = InProcessExecutor.start("progress")) {
      System.gc();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      ex.launch(id, spec.toString());
      RecordingDriver.Arrival end = ex.driver().awaitArrival(id, TaskState.TASK_FINISHED, WAIT);
      long cpu = os.getProcessCpuTime() - cpu0;
      long wall = end.nanos() - t0;
      Path stdout = ex.sandbox().resolve("tasks").resolve(id).resolve("stdout");
      long bytes = Files.size(stdout);
      if (bytes != expectedBytes) {
        throw new IllegalStateException("the task wrote " + bytes + " bytes, not " + expectedBytes);
      }
      double per100 = cpu / 1e9 / (bytes / (100.0 * MB));
      double[] grep = childCpu("LC_ALL=C grep -E -c \"$1\" \"$2\"", GREP_PATTERN, stdout);
      double[] cat = childCpu("cat \"$2\" >/dev/null", "", stdout);
      double grepPer100 = (grep[0] + grep[1]) / (bytes / (100.0 * MB));
      double catPer100 = (cat[0] + cat[1]) / (bytes / (100.0 * MB));

      List<JsonObject> messages = new ArrayList<>();
      long exited = -1;
      for (RecordingDriver.Message m : ex.driver().timedMessages()) {
        JsonObject json =
            JsonParser.parseString(new String(m.data(), StandardCharsets.UTF_8)).getAsJsonObject();
        if (json.has("progress-sequence")) {
          messages.add(json);
        } else if (json.has("exit-code")) {
          exited = m.nanos(); // sent as the task's exit is handled, before the drain
        }
      }
      String expected = lastMatchingLine(stdout, regex).orElse(null);
      Progress want =
          expected == null
              ? null
              : expectedProgress(expected, regex, Settings.fromEnvironment(Map.of()));
      JsonObject finalMessage = messages.isEmpty() ? null : messages.get(messages.size() - 1);
      Progress got =
          finalMessage == null
              ? null
              : new Progress(
                  finalMessage.get("progress-percent").getAsInt(),
                  finalMessage.get("progress-message").getAsString());
      boolean same = want != null && want.equals(got);
      Report.note(
          "%s: launch -> task exit %.2f s, -> FINISHED (after the drain) %.2f s;"
              + " executor JVM CPU %.2f s for %,d bytes; grep -E -c user %.2f s sys %.2f s, cat user"
              + " %.2f s sys %.2f s",
          figure,
          (exited - t0) / 1e9,
          wall / 1e9,
          cpu / 1e9,
          bytes,
          grep[0],
          grep[1],
          cat[0],
          cat[1]);
      Report.note(
          "%s: %d progress messages; final #%s %s; last progress line of the output %s: %s",
          figure,
          messages.size(),
          finalMessage == null ? "-" : finalMessage.get("progress-sequence").getAsString(),
          describe(got),
          describe(want),
          same ? "same" : "DIFFERENT");
      Report.row(
          figure,
          String.format(Locale.ROOT, "%.2f CPU s", per100),
          String.format(
              Locale.ROOT, "%.2f CPU s LC_ALL=C grep -E -c (cat %.2f)", grepPer100, catPer100),
          per100 / grepPer100,
          "-",
          null);
      Report.row(
          "progress messages: " + output + ": final = last line",
          messages.size() + " msgs, final " + describe(got),
          describe(want) + " (output)",
          same ? "same" : "DIFFERENT",
          "same",
          same);
    }
  }

  /** User and system CPU seconds of the children of {@code bash -c SCRIPT _ PATTERN FILE}. */
  static double[] childCpu(String script, String pattern, Path file)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", script + "; times", "_", pattern, file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().close();
    List<String> out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    if (p.waitFor() != 0 || out.size() < 2) {
      throw new IllegalStateException("bash -c '" + script + "' failed: " + out);
    }
    // `times`: the shell's own user and system times, then its children's: "0m0.512s 0m0.050s".
    String[] f = out.get(out.size() - 1).trim().split("\\s+");
    return new double[] {seconds(f[0]), seconds(f[1])};
  }

  private static double seconds(String times) {
    Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(times);
    if (!m.matches()) {
      throw new IllegalStateException("unexpected `times` output: " + times);
    }
    return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
  }

  /** The last line of {@code file} the pattern matches, found by {@code tac | grep -m 1}. */
  private static Optional<String> lastMatchingLine(Path file, Pattern regex)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "tac \"$2\" | LC_ALL=C grep -E -m 1 \"$1\"",
                "_",
                GREP_PATTERN,
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String line = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    return line.isEmpty() || !regex.matcher(line).find() ? Optional.empty() : Optional.of(line);
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  // ---------------------------------------------------------------------------------------------
  // The task output

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
  private static final String[] LOGGERS = {
    "org.example.etl.ShardLoader",
    "org.example.etl.RowWriter",
    "io.netty.channel.nio.NioEventLoop",
    "com.zaxxer.hikari.pool.HikariPool",
    "org.apache.hadoop.fs.FileSystem",
    "org.example.Main",
    "o.e.j.s.handler.ContextHandler"
  };
  private static final String[] WORDS = {
    "shard",
    "rows",
    "written",
    "flushed",
    "batch",
    "commit",
    "offset",
    "partition",
    "retrying",
    "connection",
    "opened",
    "closed",
    "bytes",
    "checksum",
    "ok",
    "upload",
    "s3://bucket/data/part-00017.parquet",
    "latency",
    "ms",
    "queue",
    "depth",
    "pool",
    "stats",
    "gc",
    "pause",
    "heap",
    "user",
    "id",
    "status",
    "done",
    "skipped"
  };

  /** Text that is not ASCII, in about 3% of the ordinary lines. */
  private static final String[] NON_ASCII = {
    "Größe", "naïve", "café", "données", "日本語のテキスト", "“quoted”", "→", "✓"
  };

  /**
   * Writes about {@code size} bytes (exactly, cut at a line end and padded with one ordinary line)
   * of task output to {@code file}.
   */
  static Generated generate(Path file, long size) throws IOException {
    Random r = new Random(42);
    long lines = 0;
    long progressLines = 0;
    long bytes = 0;
    String lastProgress = null;
    int untilProgress = 50 + r.nextInt(100);
    int shard = 0;
    StringBuilder sb = new StringBuilder(8192);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      while (true) {
        sb.setLength(0);
        boolean progress = --untilProgress == 0;
        if (progress) {
          untilProgress = 50 + r.nextInt(100); // every ~100 lines
          double pct = Math.min(100.0, 100.0 * bytes / size);
          sb.append(String.format(Locale.ROOT, "progress: %.1f loading shard %d", pct, ++shard));
        } else {
          logLine(r, sb, lines);
        }
        byte[] line = sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        if (bytes + line.length > size - 200) {
          break;
        }
        out.write(line);
        bytes += line.length;
        lines++;
        if (progress) {
          progressLines++;
          lastProgress = sb.substring(0, sb.length() - 1);
        }
      }
      // The tail: one ordinary line padded to the exact size (no progress after the last one).
      int left = (int) (size - bytes);
      sb.setLength(0);
      sb.append("2024-05-01T12:00:00.000Z INFO  [main] org.example.Main - done ");
      while (sb.length() < left - 1) {
        sb.append('.');
      }
      sb.setLength(left - 1);
      sb.append('\n');
      byte[] line = sb.toString().getBytes(StandardCharsets.US_ASCII);
      out.write(line);
      bytes += line.length;
      lines++;
    }
    return new Generated(bytes, lines, progressLines, lastProgress);
  }

  private static void logLine(Random r, StringBuilder sb, long n) {
    long ms = 1_714_564_800_000L + n * 7;
    sb.append(java.time.Instant.ofEpochMilli(ms))
        .append(' ')
        .append(LEVELS[r.nextInt(LEVELS.length)])
        .append(" [worker-")
        .append(r.nextInt(16))
        .append("] ")
        .append(LOGGERS[r.nextInt(LOGGERS.length)])
        .append(" - ");
    int kind = r.nextInt(100);
    if (kind < 1 && r.nextBoolean()) {
      // A long line (1 in 200): a JSON payload of 1 to 6 KB, some longer than the per-line cap.
      sb.append("payload {");
      int fields = 30 + r.nextInt(170);
      for (int i = 0; i < fields; i++) {
        sb.append("\"f")
            .append(i)
            .append("\":\"")
            .append(WORDS[r.nextInt(WORDS.length)])
            .append(r.nextInt(100_000))
            .append("\",");
      }
      sb.append('}');
    } else if (kind < 4) {
      // Near misses of the pattern, which must not count.
      sb.append(
          r.nextBoolean()
              ? "upload progress: unknown, waiting for the first part"
              : "progress:n/a (no estimate yet) for shard " + r.nextInt(500));
    } else if (kind < 6) {
      sb.append("\tat org.example.etl.ShardLoader.load(ShardLoader.java:")
          .append(r.nextInt(900))
          .append(')');
    } else {
      int words = 2 + r.nextInt(r.nextInt(10) < 8 ? 14 : 40);
      if (r.nextInt(100) < 3) {
        sb.append(NON_ASCII[r.nextInt(NON_ASCII.length)]).append(' ');
      }
      for (int i = 0; i < words; i++) {
        sb.append(WORDS[r.nextInt(WORDS.length)]);
        sb.append(r.nextInt(4) == 0 ? "=" + r.nextInt(1_000_000) : "");
        sb.append(' ');
      }
    }
  }

  private static long readThrough(Path file) throws IOException {
    long total = 0;
    ByteBuffer bb = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        bb.clear();
        int n = ch.read(bb);
        if (n <= 0) {
          return total;
        }
        total += n;
      }
    }
  }

  private static long threadCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / (double) MB / (nanos / 1e9);
  }
}
