package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.settings.JvmSettings;

/**
 * Loads JVM tasks, each in a class loader of its own over jars in the executor's sandbox: from a
 * Java-serialized {@code Task} ({@code TaskInfo.data}, source 3) or from a task spec's {@code jvm}
 * key. Thread-safe; what it keeps between calls is what its tasks' loaders have read of their jars
 * ({@link JarCache}, at most {@link JarCache#DEFAULT_MAX_BYTES}). Each task holds its jars open
 * from its start: a jar replaced on disk while it runs leaves it on the file it started with.
 */
public final class JvmLoader {
  private final JvmSettings settings;
  private final Path sandbox;
  private final boolean rewriteExits;
  private final JarAccess jars;

  /** A loader for tasks that run on the executor's threads: their exit calls are rewritten. */
  public JvmLoader(JvmSettings settings, Path sandbox) {
    this(settings, sandbox, SandboxFiles.shared());
  }

  /** As {@link #JvmLoader(JvmSettings, Path)}, its jars opened through {@code files}. */
  JvmLoader(JvmSettings settings, Path sandbox, SandboxFiles files) {
    this(settings, sandbox, true, new JarAccess(new JarCache(JarCache.DEFAULT_MAX_BYTES), files));
  }

  /**
   * A loader for the one task of a child JVM: its exit calls are left as they are, and nothing is
   * kept for later tasks, as there are none.
   */
  static JvmLoader forChild(JvmSettings settings, Path sandbox) {
    return new JvmLoader(
        settings, sandbox, false, new JarAccess(new JarCache(0), SandboxFiles.byName()));
  }

  private JvmLoader(JvmSettings settings, Path sandbox, boolean rewriteExits, JarAccess jars) {
    this.settings = Objects.requireNonNull(settings);
    this.sandbox = Objects.requireNonNull(sandbox);
    this.rewriteExits = rewriteExits;
    this.jars = Objects.requireNonNull(jars);
  }

  /**
   * The task serialized in {@code data}, deserialized through {@code EXECUTOR_JVM_SERIAL_FILTER}
   * with classes from the jars of {@code EXECUTOR_JVM_CLASSPATH}.
   *
   * @throws JvmTaskException when no filter is set, a jar is missing, outside the sandbox or
   *     corrupt, the data is refused by the filter, truncated or throws while read, or it is not a
   *     {@code Task}
   */
  public LoadedTask fromSerialized(byte[] data) throws JvmTaskException {
    String pattern =
        settings
            .serialFilter()
            .orElseThrow(
                () ->
                    new JvmTaskException(
                        "serialized JVM tasks are refused: EXECUTOR_JVM_SERIAL_FILTER is not set"
                            + " (an allow-list in JEP 290 syntax, such as com.acme.jobs.**)"));
    List<TaskJar> opened =
        ClassPath.open(sandbox, settings.classpath(), "EXECUTOR_JVM_CLASSPATH", jars);
    TaskClassLoader loader =
        new TaskClassLoader("serialized-task", opened, rewriteExits, jars.cache());
    try {
      return new LoadedTask(
          TaskDeserializer.read(data, new SerialFilter(pattern), loader), loader, "null");
    } catch (JvmTaskException | RuntimeException e) {
      closeQuietly(loader);
      throw e;
    }
  }

  /**
   * The task that {@code spec} names: a {@code Task} made with its public no-argument constructor,
   * or a class with {@code public static void main(String[])} called with the spec's {@code args}
   * (a JSON array of strings, or none).
   *
   * @throws JvmTaskException when a jar is missing, outside the sandbox or corrupt, or the class is
   *     not found, is neither a {@code Task} nor has a {@code main}, cannot be made, or its static
   *     initializer throws
   */
  public LoadedTask fromSpec(JvmSpec spec) throws JvmTaskException {
    List<TaskJar> opened = ClassPath.open(sandbox, spec.classpath(), "jvm.classpath", jars);
    TaskClassLoader loader =
        new TaskClassLoader(spec.className(), opened, rewriteExits, jars.cache());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // the static initializer runs here
    try {
      return new LoadedTask(SpecTasks.make(spec, loader), loader, spec.argsJson());
    } catch (JvmTaskException | RuntimeException e) {
      closeQuietly(loader);
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeQuietly(TaskClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // its jars were only read
    }
  }
}
