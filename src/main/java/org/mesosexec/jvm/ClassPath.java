package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;

/**
 * A JVM task's class path: sandbox-relative jars and globs ({@code lib/acme.jar}, {@code
 * lib/deps/*.jar}; a glob matches within one directory per path segment, files only, in name
 * order), each opened as a jar. An entry is refused when it is absolute or climbs out ({@code ..}),
 * when it leads outside the sandbox (through a symbolic link too), when it names nothing (a glob
 * that matches no file included), and when it is not a zip file. A jar that the executor opened
 * before and that has not changed since ({@link JarIdentity}) is only held open (a descriptor):
 * what tasks need of it is in the {@link JarCache}, and the rest is read through that descriptor
 * when asked for, from the file the task started with even if another has its name by then.
 */
final class ClassPath {
  private ClassPath() {}

  /**
   * Opens the jars of {@code entries}, each held open from now on, or finds what they hold in the
   * cache of {@code jars}; the caller closes them.
   *
   * @param source where the entries come from, named in messages ({@code EXECUTOR_JVM_CLASSPATH},
   *     {@code jvm.classpath})
   */
  static List<TaskJar> open(Path sandbox, List<String> entries, String source, JarAccess jars)
      throws JvmTaskException {
    Path root = realSandbox(sandbox);
    List<TaskJar> opened = new ArrayList<>();
    try {
      for (String entry : entries) {
        for (Path file : files(root, entry, source)) {
          opened.add(jar(root, file, entry, source, jars));
        }
      }
      return opened;
    } catch (JvmTaskException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  static void closeAll(List<TaskJar> jars) {
    for (TaskJar jar : jars) {
      try {
        jar.close();
      } catch (IOException e) {
        // only read from; nothing is lost
      }
    }
  }

  private static Path realSandbox(Path sandbox) throws JvmTaskException {
    try {
      return sandbox.toRealPath();
    } catch (IOException e) {
      throw new JvmTaskException("the executor's sandbox " + sandbox + " cannot be read: " + e);
    }
  }

  private static List<Path> files(Path root, String entry, String source) throws JvmTaskException {
    String[] segments = entry.split("/");
    if (entry.startsWith("/") || List.of(segments).contains("..")) {
      throw refused(entry, source, "is not inside the sandbox (entries are sandbox-relative)");
    }
    List<Path> matches = List.of(root);
    boolean globbed = false;
    for (String segment : segments) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        boolean glob = segment.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
        matches = step(matches, segment, glob, globbed, entry, source);
        globbed |= glob;
      }
    }
    if (globbed) { // a glob names the files it matches; directories it meets on the way are not
      // jars
      matches = matches.stream().filter(Files::isRegularFile).toList();
    }
    if (matches.isEmpty()) {
      throw refused(entry, source, "matches no file in the sandbox");
    }
    return matches;
  }

  /**
   * The paths that {@code segment} (a name or a glob) reaches from each of {@code dirs}; after a
   * glob, a name that is missing under one of its matches is no error.
   */
  private static List<Path> step(
      List<Path> dirs, String segment, boolean glob, boolean globbed, String entry, String source)
      throws JvmTaskException {
    List<Path> next = new ArrayList<>();
    for (Path dir : dirs) {
      if (!glob) {
        Path path = dir.resolve(segment);
        if (Files.exists(path)) {
          next.add(path);
        } else if (!globbed) {
          throw refused(entry, source, "does not exist in the sandbox");
        }
      } else if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, segment)) {
          found.forEach(next::add);
        } catch (IOException | RuntimeException e) {
          throw refused(entry, source, "cannot be listed: " + e.getMessage());
        }
      }
    }
    next.sort(null);
    return next;
  }

  private static TaskJar jar(Path root, Path file, String entry, String source, JarAccess jars)
      throws JvmTaskException {
    String name = "'" + root.relativize(file) + "'";
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw refused(entry, source, "leads to " + name + ", which cannot be read: " + e);
    }
    if (!real.startsWith(root)) {
      throw refused(
          entry, source, "leads outside the sandbox (" + name + " is a link to " + real + ")");
    }
    OpenFile held = hold(root, real, entry, source, name, jars.files());
    try {
      return jar(real, held, entry, source, name, jars.cache());
    } catch (JvmTaskException | RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /**
   * The jar {@code held}: known from the cache when a descriptor of a file with an identity the
   * executor has opened as a jar before is held, else opened as a jar now.
   */
  private static TaskJar jar(
      Path real, OpenFile held, String entry, String source, String name, JarCache cache)
      throws JvmTaskException {
    JarIdentity identity;
    try {
      identity = JarIdentity.of(real, held);
    } catch (IOException e) {
      throw refused(entry, source, "leads to " + name + ", which cannot be read: " + e);
    }
    Set<String> index = held.heldOpen() ? cache.index(identity) : null;
    if (index != null) {
      return TaskJar.known(identity, index, held); // opened as a jar before, and unchanged since
    }
    JarFile jar;
    try {
      jar = new JarFile(held.path().toFile(), true, ZipFile.OPEN_READ, Runtime.version());
    } catch (IOException | SecurityException e) {
      throw refused(entry, source, "leads to " + name + ", which is not a jar: " + e.getMessage());
    }
    return remembered(real, held, jar, identity, cache);
  }

  /** Opens the regular file {@code real}, reached from {@code root} without following a link. */
  private static OpenFile hold(
      Path root, Path real, String entry, String source, String name, SandboxFiles files)
      throws JvmTaskException {
    try {
      return files
          .openRegular(root, real)
          .orElseThrow(() -> refused(entry, source, "leads to " + name + ", which is not a file"));
    } catch (IOException e) {
      throw refused(entry, source, "leads to " + name + ", which cannot be read: " + e);
    }
  }

  /**
   * The jar just opened, its entries kept in {@code cache} when its file still has the {@code
   * identity} it was opened with; one that changed meanwhile shares nothing with other tasks.
   */
  private static TaskJar remembered(
      Path real, OpenFile held, JarFile jar, JarIdentity identity, JarCache cache) {
    JarIdentity after;
    try {
      after = JarIdentity.of(real, held);
    } catch (IOException e) {
      after = null;
    }
    if (!identity.equals(after)) {
      return TaskJar.opened(real, held, jar, Optional.empty());
    }
    if (!jar.isMultiRelease()) { // a multi-release jar's entries depend on the JDK: always opened
      cache.putIndex(identity, jar.stream().map(ZipEntry::getName).collect(Collectors.toSet()));
    }
    return TaskJar.opened(real, held, jar, Optional.of(identity));
  }

  private static JvmTaskException refused(String entry, String source, String why) {
    return new JvmTaskException(source + " entry '" + entry + "' " + why);
  }
}
