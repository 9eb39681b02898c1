package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.mesosexec.api.Task;
import org.mesosexec.jvm.JvmLoader;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.jvm.LoadedTask;
import org.mesosexec.settings.JvmSettings;

/**
 * The parts of a JVM task's launch that no executor can avoid, timed alone (no executor, one at a
 * time, the caller's thread), so that what remains of the gap to a bare submit can be told apart
 * from what the executor adds: a class loader of the task's own with its class defined and made,
 * the task's directory with its two output files, and the executor's own loading of the task (class
 * path checks, the task's class loader, its class) through {@link JvmLoader}.
 */
final class JvmFloors {
  private static final int WARMUP = 50;
  private static final int SAMPLES = 500;

  private JvmFloors() {}

  /**
   * The floors' rows, each a p50 against {@code submitP50}, the bare submit of the same run.
   *
   * @param jar the examples' jar, also in {@code sandbox} as {@code jarEntry}
   */
  static void rows(
      Path jar, Path sandbox, String jarEntry, String task, String args, long submitP50)
      throws Exception {
    row(
        "floor: new class loader + define and make the task class",
        loaderAndClass(jar, task),
        submitP50);
    row(
        "executor's loading of the task (JvmLoader, no executor)",
        executorLoading(sandbox, jarEntry, task, args),
        submitP50);
    Path dirs = Files.createTempDirectory(sandbox, "floors");
    row("floor: mkdir of a task dir + its two files", taskDirectory(dirs), submitP50);
  }

  /** An informative row: the p50 of {@code samples} against the bare submit's. */
  static void row(String figure, List<Long> samples, long submitP50) {
    row(figure, samples, submitP50, "submit");
  }

  /** An informative row: the p50 of {@code samples} against {@code baseP50}, of {@code base}. */
  static void row(String figure, List<Long> samples, long baseP50, String base) {
    long p50 = Stats.median(samples);
    Report.row(
        figure + ", p50",
        Stats.ms(p50),
        Stats.ms(baseP50) + " " + base,
        (double) p50 / baseP50,
        "-",
        null);
  }

  /**
   * A new class loader over the jar's class files (read once, in memory, no checks, no rewriting),
   * then the task's class loaded and made: the least that one class loader per task costs.
   */
  static List<Long> loaderAndClass(Path jar, String task) throws Exception {
    Map<String, byte[]> classes = classFiles(jar);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      Object made = new InMemory(classes).loadClass(task).getConstructor().newInstance();
      long t1 = System.nanoTime();
      if (!(made instanceof Task<?>)) {
        throw new IllegalStateException(task + " is not a task");
      }
      if (i >= WARMUP) {
        times.add(t1 - t0);
      }
    }
    return times;
  }

  /** A task's directory made with its {@code stdout} and {@code stderr}, as the executor does. */
  static List<Long> taskDirectory(Path root) throws IOException {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      Path dir = Files.createDirectory(root.resolve("floor-" + i));
      Files.createFile(dir.resolve("stdout"));
      Files.createFile(dir.resolve("stderr"));
      long t1 = System.nanoTime();
      if (i >= WARMUP) {
        times.add(t1 - t0);
      }
    }
    return times;
  }

  /** The executor's loading of a {@code jvm} spec task, made and closed, one at a time. */
  static List<Long> executorLoading(Path sandbox, String jar, String task, String args)
      throws Exception {
    JvmLoader loader =
        new JvmLoader(new JvmSettings(Optional.empty(), List.of(), 1, 256 * 1024), sandbox);
    JvmSpec spec =
        new JvmSpec(
            task,
            List.of(jar),
            args,
            JvmSpec.Isolation.THREAD,
            JvmSpec.ResultFormat.JSON,
            OptionalInt.empty());
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      long t0 = System.nanoTime();
      LoadedTask loaded = loader.fromSpec(spec);
      long t1 = System.nanoTime();
      loaded.close();
      if (i >= WARMUP) {
        times.add(t1 - t0);
      }
    }
    return times;
  }

  private static Map<String, byte[]> classFiles(Path jar) throws IOException {
    Map<String, byte[]> classes = new HashMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry e : file.stream().toList()) {
        if (e.getName().endsWith(".class")) {
          try (InputStream in = file.getInputStream(e)) {
            String name = e.getName().replace('/', '.');
            classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
          }
        }
      }
    }
    return classes;
  }

  /** Defines classes from bytes in memory; parent: the loader that has the API. */
  private static final class InMemory extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemory(Map<String, byte[]> classes) {
      super(Task.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }
}
