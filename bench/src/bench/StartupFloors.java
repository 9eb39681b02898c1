package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floors under the start-up figure: {@link StartupFloor} in each of its modes, started as the
 * script starts the executor (the script's JVM options, the executor's jar, a class-data archive of
 * its own made before the first run), timed from the start of the JVM to its TASK_RUNNING line.
 * What no change inside the executor can go below while it starts Log4j and reads the task file.
 *
 * <p>Once the executor's own cache entry is there ({@link #useExecutorArchive}), two more: {@code
 * both} with the executor's class-data archive instead of the floor's own (the executor's jar first
 * on the class path, the floor's after it, which the archive allows), and {@code java -version}
 * with that archive. The JDK maps an archive at a random address and patches every pointer in it
 * (ArchiveRelocationMode=1, its default since 17.0.x), so a larger archive costs start-up before
 * the first class loads: those two rows show what the executor's archive alone adds.
 */
final class StartupFloors {
  private static final List<String> MODES = List.of("log4j", "protos", "both");
  private static final Map<String, String> FIGURES =
      Map.of(
          "log4j", "floor: a main that only starts Log4j (conf/log4j2.properties), one log line",
          "protos", "floor: a main that only reads the task file into protos, one JSON line",
          "both", "floor: both of the above at once, as the executor overlaps them",
          "both-executor", "floor: both, with the executor's class-data archive",
          "jvm-executor", "floor: java -version with the executor's class-data archive");

  private final List<String> command;
  private List<String> executorArchived;
  private List<String> executorVersion;
  private final Path taskFile;
  private final Map<String, List<Long>> runs = new LinkedHashMap<>();

  /**
   * @param java the JVM the script picks
   * @param options the script's JVM options
   * @param root the repository root (the jar, conf/log4j2.properties)
   * @param floorJar a jar holding {@link StartupFloor}: a class-data archive refuses a directory
   * @param scratch where the archive goes
   * @param taskFile the start-up benchmark's task file
   */
  StartupFloors(
      String java, List<String> options, Path root, Path floorJar, Path scratch, Path taskFile)
      throws IOException, InterruptedException {
    this.taskFile = taskFile;
    command =
        archived(java, options, root, floorJar, scratch.resolve("floor.jsa"), taskFile, "both");
    MODES.forEach(m -> runs.put(m, new ArrayList<>()));
  }

  /**
   * Adds the rows measured with the executor's own archive.
   *
   * @param entry the executor's class-data cache entry (its jar copy and {@code classes.jsa})
   */
  void useExecutorArchive(String java, List<String> options, Path root, Path floorJar, Path entry) {
    Path archive = entry.resolve("classes.jsa");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the executor's cache entry has no archive: " + entry);
    }
    String jar = entry.resolve("mesos-task-executor.jar").toString();
    executorArchived = floorCommand(java, options, root, jar + ":" + floorJar);
    executorArchived.add(1, "-XX:SharedArchiveFile=" + archive);
    executorVersion = new ArrayList<>();
    executorVersion.add(java);
    executorVersion.addAll(options);
    executorVersion.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-cp", jar, "-version"));
    runs.put("both-executor", new ArrayList<>());
    runs.put("jvm-executor", new ArrayList<>());
  }

  /**
   * The command that starts {@link StartupFloor} as the script starts the executor, with a
   * class-data archive made here by one run of {@code dumpMode}; the mode and its arguments follow.
   */
  static List<String> archived(
      String java,
      List<String> options,
      Path root,
      Path floorJar,
      Path archive,
      Path taskFile,
      String dumpMode)
      throws IOException, InterruptedException {
    List<String> base =
        floorCommand(
            java, options, root, floorJar + ":" + root.resolve("target/mesos-task-executor.jar"));
    List<String> dump = new ArrayList<>(base);
    dump.add(1, "-XX:ArchiveClassesAtExit=" + archive);
    // After the script's options, which turn warnings on: the dump lists every class it skips.
    dump.add(options.size() + 2, "-Xlog:cds*=off:stderr");
    time(dump, dumpMode, taskFile);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the floor's class-data archive was not made: " + archive);
    }
    base.add(1, "-XX:SharedArchiveFile=" + archive);
    return base;
  }

  /** {@link StartupFloor} on {@code classPath}, as the script starts the executor; no mode yet. */
  private static List<String> floorCommand(
      String java, List<String> options, Path root, String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(options);
    cmd.add("-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"));
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(StartupFloor.class.getName());
    return cmd;
  }

  /** One run of every mode. */
  void runOnce() throws IOException, InterruptedException {
    for (String mode : MODES) {
      runs.get(mode).add(time(command, mode, taskFile));
    }
    if (executorArchived != null) {
      runs.get("both-executor").add(time(executorArchived, "both", taskFile));
      runs.get("jvm-executor").add(exit(executorVersion));
    }
  }

  /** One row a mode, against {@code java -version}'s median from the same run. */
  void report(long baseline, int count) {
    for (String mode : runs.keySet()) {
      long median = Stats.median(runs.get(mode));
      Report.row(
          FIGURES.get(mode) + " (median/" + count + ")",
          Stats.ms(median),
          Stats.ms(baseline) + " java -version",
          (double) median / baseline,
          "-",
          null);
    }
  }

  /** Wall time to the exit of a command that must exit 0. */
  private static long exit(List<String> cmd) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int code = p.waitFor();
    long took = System.nanoTime() - t0;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " exited " + code);
    }
    return took;
  }

  private static long time(List<String> base, String mode, Path taskFile)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(base);
    cmd.add(mode);
    cmd.add(taskFile.toString());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long running = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (running < 0 && line.contains("TASK_RUNNING")) {
          running = System.nanoTime() - t0;
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || running < 0) {
      throw new IllegalStateException(
          "the floor '" + mode + "' exited " + code + " or printed no TASK_RUNNING");
    }
    return running;
  }
}
