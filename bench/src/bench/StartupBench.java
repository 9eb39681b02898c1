package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up: wall time from starting {@code run-executor.sh --local T} (one {@code /bin/true} task)
 * to its TASK_RUNNING line on stdout, against the wall time of {@code java -version} with the same
 * JVM; medians of 10 runs each, interleaved. Measured from the checkout with a warm class-data
 * cache, and as on an agent: the distribution archive unpacked into a new directory for every run,
 * with a warm cache, with none, and (when built) the self-contained archive. The first run on a new
 * agent, with a cold cache, is measured on its own: to TASK_RUNNING, and to its exit, which
 * includes making the archive.
 *
 * <p>The floors ({@link StartupFloors}) are measured in the same runs, against the same baseline.
 *
 * <p>Arguments: the repository root, the {@code java} the script will pick, a scratch directory, a
 * jar holding {@link StartupFloor}, then the script's JVM options.
 */
public final class StartupBench {
  private static final int RUNS = 10;
  private static final Duration LIMIT = Duration.ofMinutes(2);

  /** One way of starting the executor, and its samples. */
  private record Variant(
      String name, Install install, Map<String, String> env, boolean target, List<long[]> runs) {}

  /** Makes the executor's home for one run (the checkout, or a newly unpacked archive). */
  private interface Install {
    Path home() throws IOException, InterruptedException;
  }

  private final Path root;
  private final Path scratch;
  private final Path taskFile;
  private final List<String> options;
  private final Path floorJar;

  private StartupBench(Path root, Path scratch, List<String> options, Path floorJar)
      throws IOException {
    this.root = root;
    this.scratch = scratch;
    this.options = options;
    this.floorJar = floorJar;
    this.taskFile = scratch.resolve("true.json");
    Files.writeString(
        taskFile,
        "{\"task_id\":{\"value\":\"t\"},\"name\":\"t\",\"data\":{\"argv\":[\"/bin/true\"]}}");
  }

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory(Path.of(args[2]), "startup-");
    List<String> options = List.of(args).subList(4, args.length);
    StartupBench bench = new StartupBench(Path.of(args[0]), scratch, options, Path.of(args[3]));
    StartupFloors floors =
        new StartupFloors(
            args[1], options, Path.of(args[0]), Path.of(args[3]), scratch, bench.taskFile);
    bench.measure(args[1], floors);
  }

  private void measure(String java, StartupFloors floors) throws Exception {
    Path plain = Installs.plainArchive(root);
    Path agentCache = scratch.resolve("cds-agent");
    long[] cold = run(() -> Installs.unpack(plain, scratch), Installs.cache(agentCache));
    List<Variant> variants = new ArrayList<>();
    variants.add(variant("--local, checkout, warm cache", () -> root, "cds-local", true));
    variants.add(
        new Variant(
            "agent-like: new dir, warm cache",
            () -> Installs.unpack(plain, scratch),
            Installs.cache(agentCache),
            true,
            new ArrayList<>()));
    variants.add(
        variant(
            "agent-like: new dir, no cache", () -> Installs.unpack(plain, scratch), "off", false));
    Optional<Path> bundle = Installs.bundledArchive(root);
    if (bundle.isPresent()) {
      variants.add(
          variant(
              "bundled archive: new dir",
              () -> Installs.unpack(bundle.get(), scratch),
              "cds-b",
              true));
    }
    for (Variant v : variants) {
      run(v.install(), v.env()); // warm-up; fills the cache of a variant that has one
    }
    // A second run of the checkout's: it moves the archive the first one made into place.
    run(variants.get(0).install(), variants.get(0).env());
    floors.useExecutorArchive(
        java, options, root, floorJar, cacheEntry(scratch.resolve("cds-local")));
    List<Long> javaVersion = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      for (Variant v : variants) {
        v.runs().add(run(v.install(), v.env()));
      }
      floors.runOnce();
      javaVersion.add(javaVersion(java));
    }
    report(variants, Stats.median(javaVersion), cold);
    floors.report(Stats.median(javaVersion), RUNS);
  }

  /** The one entry a cache directory holds after the checkout's warm-up run. */
  private static Path cacheEntry(Path cache) throws IOException {
    try (var entries = Files.list(cache)) {
      List<Path> made = entries.filter(e -> Files.isRegularFile(e.resolve("classes.jsa"))).toList();
      if (made.size() != 1) {
        throw new IllegalStateException("expected one cache entry with an archive in " + cache);
      }
      return made.get(0);
    }
  }

  private Variant variant(String name, Install install, String cache, boolean target) {
    Object dir = cache.equals("off") ? "off" : scratch.resolve(cache);
    return new Variant(name, install, Installs.cache(dir), target, new ArrayList<>());
  }

  private static void report(List<Variant> variants, long baseline, long[] cold) {
    String base = Stats.ms(baseline) + " java -version";
    long warmExit = 0;
    long plainWarm = 0;
    for (Variant v : variants) {
      long running = Stats.median(v.runs().stream().map(r -> r[0]).toList());
      Report.note(
          "start-up, %s: to TASK_RUNNING min %s max %s",
          v.name(),
          Stats.ms(Stats.percentile(v.runs().stream().map(r -> r[0]).toList(), 1)),
          Stats.ms(Stats.percentile(v.runs().stream().map(r -> r[0]).toList(), 100)));
      double ratio = (double) running / baseline;
      Report.row(
          "start-up to TASK_RUNNING, " + v.name() + " (median/" + RUNS + ")",
          Stats.ms(running),
          base,
          ratio,
          v.target() ? "<= 4x" : "-",
          v.target() ? ratio <= 4 : null);
      if (v.name().startsWith("agent-like: new dir, warm")) {
        warmExit = Stats.median(v.runs().stream().map(r -> r[1]).toList());
        plainWarm = running;
      }
      if (v.name().startsWith("bundled")) {
        Report.row(
            "start-up, bundled against plain archive (both warm)",
            Stats.ms(running),
            Stats.ms(plainWarm) + " plain",
            (double) running / plainWarm,
            "-",
            null);
      }
    }
    Report.row(
        "first run on a new agent (cold cache): to TASK_RUNNING",
        Stats.ms(cold[0]),
        base,
        (double) cold[0] / baseline,
        "-",
        null);
    Report.row(
        "first run on a new agent: to exit, making the archive",
        Stats.ms(cold[1]),
        Stats.ms(warmExit) + " warm run's exit",
        (double) cold[1] / warmExit,
        "-",
        null);
  }

  /**
   * Returns {time to TASK_RUNNING, time to the exit}; the run must exit 0. Removes the home
   * afterwards unless it is the checkout.
   */
  private long[] run(Install install, Map<String, String> env)
      throws IOException, InterruptedException {
    Path home = install.home();
    Path sandbox = Files.createTempDirectory(scratch, "sandbox-");
    long running = -1;
    long exited;
    try (ScriptRun run = ScriptRun.start(home, env, taskFile, sandbox, LIMIT)) {
      for (Optional<String> line = run.nextLine(); line.isPresent(); line = run.nextLine()) {
        if (ScriptRun.status(line.get())
            .filter(s -> s.state().equals("TASK_RUNNING"))
            .isPresent()) {
          running = System.nanoTime() - run.startNanos();
          break;
        }
      }
      int code = run.finish(LIMIT);
      exited = System.nanoTime() - run.startNanos();
      if (running < 0 || code != 0) {
        throw new IllegalStateException(
            "the start-up run printed no TASK_RUNNING or exited "
                + code
                + "; see "
                + sandbox.resolve("executor.log"));
      }
    }
    if (!home.equals(root)) {
      Installs.remove(home);
    }
    return new long[] {running, exited};
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
