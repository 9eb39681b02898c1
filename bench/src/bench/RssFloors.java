package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor under the footprint: {@link StartupFloor} in one mode, started as {@link StartupFloors}
 * starts it (the script's JVM options, the executor's jar, a class-data archive of its own made by
 * one run of that mode), kept up after its TASK_RUNNING line; its VmRSS is read from {@code
 * /proc/<pid>/status} after the same settling time as the executor's.
 */
final class RssFloors {
  private static final Map<String, String> FIGURES =
      Map.of(
          "log4j",
          "RSS floor: a main that only starts Log4j (conf/log4j2.properties), one log line",
          "native",
          "RSS floor: that, the task file into protos, one JSON line, JNA's libc loaded");

  private final List<String> command;
  private final String mode;
  private final Path taskFile;

  /**
   * @param java the JVM the script picks
   * @param options the script's JVM options
   * @param root the repository root (the jar, conf/log4j2.properties)
   * @param floorJar a jar holding {@link StartupFloor}
   * @param scratch where the archive goes
   * @param mode the floor's mode: {@code log4j} or {@code native}
   * @param taskFile a task file for the modes that read one
   */
  private RssFloors(
      String java,
      List<String> options,
      Path root,
      Path floorJar,
      Path scratch,
      String mode,
      Path taskFile)
      throws IOException, InterruptedException {
    Path archive = scratch.resolve("floor-" + mode + ".jsa");
    this.command = StartupFloors.archived(java, options, root, floorJar, archive, taskFile, mode);
    this.mode = mode;
    this.taskFile = taskFile;
  }

  /** Each floor, by mode: the median by VmRSS of {@code runs} runs. */
  static Map<String, SelfRss.ProcStatus> measure(
      String java,
      List<String> options,
      Path root,
      Path floorJar,
      Path scratch,
      Path taskFile,
      int runs,
      Duration settle)
      throws IOException, InterruptedException {
    Map<String, SelfRss.ProcStatus> floors = new LinkedHashMap<>();
    for (String mode : List.of("log4j", "native")) {
      RssFloors floor = new RssFloors(java, options, root, floorJar, scratch, mode, taskFile);
      floors.put(mode, floor.median(runs, settle));
    }
    return floors;
  }

  /**
   * One row a floor against the idle JVM, and one of the executor with one task against the higher
   * floor: what remains above the Log4j, protos and JNA it must start.
   */
  static void report(
      Map<String, SelfRss.ProcStatus> floors,
      SelfRss.ProcStatus base,
      SelfRss.ProcStatus executor,
      int runs) {
    floors.forEach(
        (mode, floor) ->
            Report.row(
                FIGURES.get(mode) + " (median/" + runs + ")",
                FootprintBench.mb(floor.rssKb()),
                FootprintBench.mb(base.rssKb()) + " idle JVM",
                (double) floor.rssKb() / base.rssKb(),
                "-",
                null));
    SelfRss.ProcStatus top = floors.get("native");
    Report.row(
        "RSS, 1 sleep task RUNNING, against the floor (Log4j, protos and JNA)",
        FootprintBench.mb(executor.rssKb()),
        FootprintBench.mb(top.rssKb()) + " floor",
        (double) executor.rssKb() / top.rssKb(),
        "-",
        null);
  }

  /** The median by VmRSS of {@code runs} runs. */
  private SelfRss.ProcStatus median(int runs, Duration settle)
      throws IOException, InterruptedException {
    List<SelfRss.ProcStatus> samples = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      samples.add(once(settle));
    }
    return FootprintBench.medianByRss(samples);
  }

  private SelfRss.ProcStatus once(Duration settle) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(mode, taskFile.toString(), "stay"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.contains("TASK_RUNNING")) {
        line = out.readLine();
      }
      if (line == null) {
        throw new IllegalStateException("the floor '" + mode + "' printed no TASK_RUNNING");
      }
      Thread.sleep(settle.toMillis());
      SelfRss.ProcStatus status = SelfRss.ProcStatus.read(Path.of("/proc/" + p.pid() + "/status"));
      p.getOutputStream().close(); // its stdin ends: the floor exits
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException("the floor '" + mode + "' exited " + code);
      }
      return status;
    } finally {
      p.destroyForcibly();
    }
  }
}
