package bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.mesos.Protos.TaskState;
import org.mesosexec.process.LibC;

/**
 * What a command task's launch pays that no executor can avoid, timed alone (no executor, one at a
 * time, the caller's thread): the executor's own {@code posix_spawn} of the command (through the
 * executor's {@code PosixSpawn}, reached by reflection as it is package-private) and a task
 * directory with its two output files; and where the executor's CPU goes while it launches, per
 * thread, read from {@code /proc/self/task}: on two cores, every thread that runs while a task
 * starts delays its child; and the same launches with the sandbox on tmpfs.
 */
final class LaunchFloors {
  private static final int WARMUP = 50;
  private static final int SAMPLES = 500;
  private static final int BLOCK = 25;
  private static final int SETTLE = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private LaunchFloors() {}

  /** The floors' rows, each a p50 against {@code bareP50}, the bare spawn of the same run. */
  static void rows(long bareP50) throws Exception {
    Path dir = Files.createTempDirectory("launch-floors-");
    try {
      row("floor: the executor's posix_spawn alone (no executor)", spawnAlone(dir), bareP50);
      row(
          "floor: mkdir of a task dir + its two files",
          JvmFloors.taskDirectory(Files.createDirectory(dir.resolve("dirs"))),
          bareP50);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void row(String figure, List<Long> samples, long bareP50) {
    JvmFloors.row(figure, samples, bareP50, "spawn");
  }

  /**
   * The same launches as the sequential row's with the sandbox on tmpfs ({@code /dev/shm}), in
   * blocks of {@link #BLOCK} taken in turn with blocks on {@code ex}, whose sandbox is in the temp
   * directory, so that both see the same load and the same compiled code: what the file system
   * under the sandbox adds. Blocks, not single launches: the spare directory a task's worker makes
   * once it runs overlaps the next launch, which would then be the other executor's. The first
   * {@link #SETTLE} launches of a block are not counted. On an ext4 without a journal (this
   * machine's root), every new inode skips those freed in the last 5 to 35 seconds, reading the
   * inode table for each, so a task directory with its two files can take milliseconds of kernel
   * time while other builds delete files.
   */
  static void tmpfsRows(InProcessExecutor ex, String task, long bareP50) throws Exception {
    Path shm = Path.of("/dev/shm");
    if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
      Report.note("no writable /dev/shm: no tmpfs rows");
      return;
    }
    List<List<Long>> samples = List.of(new ArrayList<>(), new ArrayList<>());
    try (InProcessExecutor tmpfs = InProcessExecutor.startIn(shm, "launch-tmpfs")) {
      List<InProcessExecutor> both = List.of(ex, tmpfs);
      for (int i = 0; i < WARMUP; i++) {
        timedLaunch(tmpfs, "tmpfs-warm-" + i, task);
      }
      for (int block = 0; block < SAMPLES / BLOCK; block++) {
        for (int i = 0; i < BLOCK; i++) {
          long took = timedLaunch(both.get(block % 2), "block-" + block + "-" + i, task);
          if (i >= SETTLE) {
            samples.get(block % 2).add(took);
          }
        }
        // Each executor's last task ends before the run closes, which would otherwise kill it.
        String last = "block-" + block + "-" + (BLOCK - 1);
        both.get(block % 2).driver().awaitTerminal(last, WAIT);
      }
    }
    row(
        "launch -> RUNNING, sandbox on tmpfs (in blocks in turn with the next)",
        samples.get(1),
        bareP50);
    row("launch -> RUNNING, sandbox in the temp dir (in blocks in turn)", samples.get(0), bareP50);
  }

  private static long timedLaunch(InProcessExecutor ex, String id, String task)
      throws InterruptedException {
    long t0 = System.nanoTime();
    ex.launch(id, task);
    return ex.driver().awaitArrival(id, TaskState.TASK_RUNNING, WAIT).nanos() - t0;
  }

  /** {@code /bin/true} through the executor's spawn, timed until the call returns, then reaped. */
  private static List<Long> spawnAlone(Path dir) throws Exception {
    LibC libc = LibC.load().orElseThrow(() -> new IllegalStateException("no libc"));
    Class<?> type = Class.forName("org.mesosexec.process.PosixSpawn");
    Method load = type.getDeclaredMethod("load", LibC.class);
    Method start =
        type.getDeclaredMethod("start", List.class, Map.class, Path.class, Path.class, Path.class);
    load.setAccessible(true);
    start.setAccessible(true);
    Object spawn =
        ((Optional<?>) load.invoke(null, libc))
            .orElseThrow(() -> new IllegalStateException("no posix_spawn"));
    Map<String, String> env = new HashMap<>(System.getenv());
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      long pid =
          (long)
              start.invoke(
                  spawn,
                  List.of("/bin/true"),
                  env,
                  dir,
                  dir.resolve("stdout"),
                  dir.resolve("stderr"));
      long t1 = System.nanoTime();
      libc.waitpid((int) pid, new int[1], 0);
      if (i >= WARMUP) {
        times.add(t1 - t0);
      }
    }
    return times;
  }

  /** CPU time so far of each of this JVM's threads, by name, in nanoseconds. */
  static Map<String, Long> threadCpu() throws IOException {
    Map<String, Long> cpu = new TreeMap<>();
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : threads) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("-[0-9]+$", "");
          long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
          cpu.merge(name, ns, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    }
    return cpu;
  }

  /** A note of the CPU each group of threads took per launch between two {@link #threadCpu}. */
  static void cpuNote(Map<String, Long> before, Map<String, Long> after, int launches) {
    StringBuilder parts = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      total += used;
      if (used >= 50_000L * launches) {
        parts.append(String.format(" %s %s;", e.getKey(), Stats.ms(used / launches)));
      }
    }
    Report.note(
        "CPU per launch: %s in all (threads taking 0.05 ms or more:%s)",
        Stats.ms(total / launches), parts);
  }
}
