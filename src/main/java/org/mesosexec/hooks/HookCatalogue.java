package org.mesosexec.hooks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds the operator's hooks: the executables in {@code EXECUTOR_HOOKS_DIR/<point>/} (looked up
 * again at each run, so an operator can change them without restarting the executor) and the {@link
 * TaskHook}s that {@link ServiceLoader} finds in the {@code *.jar} files at the top of that
 * directory and on the executor's class path (looked up once). Stateless.
 */
final class HookCatalogue {
  private static final Logger LOG = LogManager.getLogger(HookCatalogue.class);

  private HookCatalogue() {}

  /**
   * The Java hooks of {@code dir}'s jars and of the executor's class path; warns in the log about
   * what in {@code dir} will never run.
   *
   * @throws IllegalArgumentException when a hook class named in a service file cannot be loaded
   */
  static List<TaskHook> javaHooks(java.util.Optional<Path> dir) {
    ClassLoader parent = HookCatalogue.class.getClassLoader();
    ClassLoader loader = dir.map(d -> jarLoader(d, parent)).orElse(parent);
    List<TaskHook> found = new ArrayList<>();
    try {
      for (TaskHook hook : ServiceLoader.load(TaskHook.class, loader)) {
        found.add(hook);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("cannot load a Java hook: " + e.getMessage(), e);
    }
    dir.ifPresent(HookCatalogue::warnAboutStrays);
    return found;
  }

  private static ClassLoader jarLoader(Path dir, ClassLoader parent) {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list hook jars in " + dir + ": " + e, e);
    }
    return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
  }

  /** Says in the log what in the hooks directory will never run, so a typo does not go unseen. */
  private static void warnAboutStrays(Path dir) {
    List<String> points = Stream.of(HookPoint.values()).map(HookPoint::dirName).toList();
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(n -> !points.contains(n) && !n.endsWith(".jar") && !n.startsWith("."))
          .forEach(
              n ->
                  LOG.warn(
                      "{} in the hooks directory {} is ignored: hooks go in {} or a .jar",
                      n,
                      dir,
                      points));
    } catch (IOException e) {
      LOG.warn("Cannot list the hooks directory {}: {}", dir, e.toString());
    }
  }

  /**
   * The executables of {@code point} in {@code dir}, in name order; dot files and backups ({@code
   * ~}) are skipped silently, anything else that is not an executable file with a warning.
   */
  static List<Path> executables(Path dir, HookPoint point) {
    Path pointDir = dir.resolve(point.dirName());
    if (!Files.isDirectory(pointDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pointDir)) {
      List<Path> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith("~")) {
          continue;
        }
        if (Files.isRegularFile(f) && Files.isExecutable(f)) {
          out.add(f);
        } else {
          LOG.warn("Hook {} is skipped: not an executable file", f);
        }
      }
      return out;
    } catch (IOException e) {
      LOG.warn("Cannot list hooks in {}: {}", pointDir, e.toString());
      return List.of();
    }
  }
}
