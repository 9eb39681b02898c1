package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Footprint: VmRSS and thread count of the executor's JVM under {@code run-executor.sh --local}
 * once 1, then 200, {@code /bin/sleep 30} tasks are all RUNNING (median of 3 runs each), against
 * {@link SelfRss} (a JVM that does nothing) started with the script's JVM options. As on an agent:
 * the distribution archive is unpacked into a new directory for every run, with a warm class-data
 * cache (made before the first run); one task is measured without the cache too. Each run is then
 * ended with SIGTERM; a note counts its TASK_KILLED lines and the task processes it left behind.
 *
 * <p>The floors under the footprint ({@link RssFloors}) are measured in the same run against the
 * same baseline, and the executor with one task against the higher of them: what remains above the
 * Log4j, protos and JNA it must start.
 *
 * <p>Arguments: the repository root, java, a scratch directory, the classpath of {@link SelfRss} (a
 * directory that also holds {@code floor.jar}, {@link StartupFloor}), then the JVM options of the
 * script.
 */
public final class FootprintBench {
  private static final int RUNS = 3;
  private static final Duration LIMIT = Duration.ofSeconds(90);

  /** Lets the threads that start tasks go idle and the first GC cycles happen before sampling. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private FootprintBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path scratch = Files.createTempDirectory(Path.of(args[2]), "footprint-");
    List<String> options = List.of(args).subList(4, args.length);
    List<SelfRss.ProcStatus> bases = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      bases.add(baseline(args[1], args[3], options));
    }
    SelfRss.ProcStatus base = medianByRss(bases);
    Report.note(
        "footprint: baseline JVM VmRSS %s, %d threads (median of %d)",
        mb(base.rssKb()), base.threads(), RUNS);
    Map<String, SelfRss.ProcStatus> floors =
        RssFloors.measure(
            args[1],
            options,
            root,
            Path.of(args[3], "floor.jar"),
            scratch,
            sleepTasks(scratch.resolve("floor"), 1),
            RUNS,
            SETTLE);
    Path plain = Installs.plainArchive(root);
    Map<String, String> warm = Installs.cache(scratch.resolve("cds"));
    for (int i = 0; i < 2; i++) { // the first run makes the archive, the second moves it in place
      executorRun(plain, warm, scratch.resolve("warm-up-" + i), 1);
    }
    for (int n : new int[] {1, 200}) {
      SelfRss.ProcStatus ex = medianOfRuns(plain, warm, scratch.resolve("run-" + n), n);
      double limit = n == 1 ? 1.5 : 2.0;
      double ratio = (double) ex.rssKb() / base.rssKb();
      Report.row(
          "RSS, " + n + " sleep task(s) RUNNING (median/" + RUNS + ")",
          mb(ex.rssKb()),
          mb(base.rssKb()) + " idle JVM",
          ratio,
          "<= " + limit + "x",
          ratio <= limit);
      Report.row(
          "threads, " + n + " sleep task(s) RUNNING",
          String.valueOf(ex.threads()),
          String.valueOf(base.threads()) + " idle JVM",
          (double) ex.threads() / base.threads(),
          n == 1 ? "-" : "<= 40",
          n == 1 ? null : ex.threads() <= 40);
      if (n == 1) {
        RssFloors.report(floors, base, ex, RUNS);
      }
    }
    SelfRss.ProcStatus off =
        medianOfRuns(plain, Installs.cache("off"), scratch.resolve("run-1-off"), 1);
    Report.row(
        "RSS, 1 sleep task RUNNING, no class-data cache",
        mb(off.rssKb()),
        mb(base.rssKb()) + " idle JVM",
        (double) off.rssKb() / base.rssKb(),
        "-",
        null);
  }

  private static SelfRss.ProcStatus medianOfRuns(
      Path archive, Map<String, String> env, Path dir, int n) throws Exception {
    List<SelfRss.ProcStatus> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(executorRun(archive, env, dir.resolve(String.valueOf(i)), n));
    }
    return medianByRss(runs);
  }

  static SelfRss.ProcStatus medianByRss(List<SelfRss.ProcStatus> samples) {
    List<SelfRss.ProcStatus> sorted = new ArrayList<>(samples);
    sorted.sort(java.util.Comparator.comparingLong(SelfRss.ProcStatus::rssKb));
    return sorted.get(sorted.size() / 2);
  }

  private static SelfRss.ProcStatus baseline(String java, String classpath, List<String> options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(options);
    command.addAll(List.of("-cp", classpath, SelfRss.class.getName()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String[] out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
    if (p.waitFor() != 0) {
      throw new IllegalStateException("SelfRss failed: " + command);
    }
    return new SelfRss.ProcStatus(Long.parseLong(out[0]), -1, Integer.parseInt(out[1]));
  }

  /** One run of {@code n} tasks from {@code archive}, unpacked into a new directory. */
  private static SelfRss.ProcStatus executorRun(
      Path archive, Map<String, String> env, Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    Path home = Installs.unpack(archive, dir);
    try {
      return measureRun(home, env, dir, n);
    } finally {
      Installs.remove(home);
    }
  }

  private static SelfRss.ProcStatus measureRun(Path home, Map<String, String> env, Path dir, int n)
      throws Exception {
    Path taskFile = sleepTasks(dir, n);
    Set<Long> taskPids = new HashSet<>();
    try (ScriptRun run = ScriptRun.start(home, env, taskFile, dir.resolve("sandbox"), LIMIT)) {
      while (taskPids.size() < n) {
        String line =
            run.nextLine()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "run-executor.sh ended before all " + n + " tasks were RUNNING"));
        Optional<ScriptRun.StatusLine> s = ScriptRun.status(line);
        if (s.isPresent() && s.get().state().equals("TASK_RUNNING")) {
          taskPids.add(Long.parseLong(s.get().message().replace("pid ", "")));
        } else if (s.isPresent() && !s.get().state().matches("TASK_(STARTING|RUNNING)")) {
          throw new IllegalStateException("unexpected update before all were RUNNING: " + line);
        }
      }
      long allRunning = System.nanoTime() - run.startNanos();
      Thread.sleep(SETTLE.toMillis());
      String comm = Files.readString(Path.of("/proc/" + run.pid() + "/comm")).trim();
      SelfRss.ProcStatus status =
          SelfRss.ProcStatus.read(Path.of("/proc/" + run.pid() + "/status"));
      long t0 = System.nanoTime();
      run.terminate();
      int killed = 0;
      for (Optional<String> l = run.nextLine(); l.isPresent(); l = run.nextLine()) {
        killed +=
            ScriptRun.status(l.get()).filter(x -> x.state().equals("TASK_KILLED")).isPresent()
                ? 1
                : 0;
      }
      int code = run.finish(LIMIT);
      Report.note(
          "footprint %d: all RUNNING after %s; pid %d is '%s'; VmRSS %s (peak %s), %d threads;"
              + " SIGTERM -> exit %d in %s, %d TASK_KILLED, %d task process(es) left",
          n,
          Stats.ms(allRunning),
          run.pid(),
          comm,
          mb(status.rssKb()),
          mb(status.hwmKb()),
          status.threads(),
          code,
          Stats.ms(System.nanoTime() - t0),
          killed,
          reapLeftovers(taskPids));
      return status;
    }
  }

  /** A task file of {@code n} {@code /bin/sleep 30} tasks in {@code dir}. */
  private static Path sleepTasks(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(
        dir.resolve("sleep-" + n + ".json"),
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    "{\"task_id\":{\"value\":\"sleep-"
                        + i
                        + "\"},\"name\":\"sleep\","
                        + "\"data\":{\"argv\":[\"/bin/sleep\",\"30\"]}}")
            .collect(Collectors.joining(",\n", "[", "]")));
  }

  /**
   * Kills any task process that outlived the executor's shutdown and returns how many there were.
   */
  private static long reapLeftovers(Set<Long> pids) {
    long left = 0;
    for (long pid : pids) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (h.isPresent()) {
        h.get().destroyForcibly();
        left++;
      }
    }
    return left;
  }

  static String mb(long kb) {
    return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }
}
