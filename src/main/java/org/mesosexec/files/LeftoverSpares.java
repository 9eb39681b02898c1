package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.AT_REMOVEDIR;
import static org.mesosexec.files.Fcntl.O_RDONLY;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.LibC;

/**
 * Spares ({@link SpareDirs}) that an earlier executor of the same sandbox left in {@code tasks/}:
 * it was killed, crashed, or halted while one was being made. Only an entry named exactly {@code
 * .spare.<pid>.<n>} whose process is gone is removed, and only when it is a directory (not a link)
 * holding nothing but an empty regular {@code stdout} and {@code stderr}: anything else in it means
 * it is not a spare as the executor left it, and it stays.
 */
final class LeftoverSpares {
  private static final Logger LOG = LogManager.getLogger(LeftoverSpares.class);
  private static final Pattern NAME = Pattern.compile("\\.spare\\.([1-9][0-9]{0,17})\\.[0-9]+");
  private static final Set<String> OUTPUT = Set.of("stdout", "stderr");

  private LeftoverSpares() {}

  /**
   * Removes the leftover spares in {@code tasks} (the open {@code tasks/}, named {@code name}) of
   * executors other than {@code self}; what cannot be read or removed stays.
   */
  static void remove(NativeWalk walk, int tasks, Path name, long self) {
    int removed = 0;
    for (String entry : names(NativeWalk.fdPath(tasks), name)) {
      Matcher m = NAME.matcher(entry);
      if (m.matches() && gone(Long.parseLong(m.group(1)), self) && removeOne(walk, tasks, entry)) {
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info(
          "Removed {} spare task director(ies) left in {} by earlier executors", removed, name);
    }
  }

  private static boolean gone(long pid, long self) {
    return pid != self && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  /** Removes the spare {@code entry} of {@code tasks} if it is still one as made. */
  private static boolean removeOne(NativeWalk walk, int tasks, String entry) {
    LibC c = walk.libc();
    byte[] spare = walk.name(Path.of(entry));
    int dir = walk.openDirectory(tasks, spare, O_RDONLY); // fails on a link
    if (dir < 0) {
      return false;
    }
    try {
      Optional<List<String>> files = emptyOutputOnly(NativeWalk.fdPath(dir));
      if (files.isEmpty()) {
        return false;
      }
      for (String file : files.get()) {
        c.unlinkat(dir, walk.name(Path.of(file)), 0);
      }
    } finally {
      c.close(dir);
    }
    return c.unlinkat(tasks, spare, AT_REMOVEDIR) == 0; // only while empty
  }

  /** The files in {@code dir} if they are at most an empty regular stdout and stderr. */
  private static Optional<List<String>> emptyOutputOnly(Path dir) {
    List<String> files = names(dir, dir);
    for (String file : files) {
      if (!OUTPUT.contains(file)) {
        return Optional.empty();
      }
      try {
        BasicFileAttributes a =
            Files.readAttributes(
                dir.resolve(file), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() != 0) {
          return Optional.empty();
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.of(files);
  }

  /** The names in the directory {@code dir}; none when it cannot be read. */
  private static List<String> names(Path dir, Path name) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException | DirectoryIteratorException e) {
      LOG.debug("Cannot list {} for leftover spare task directories: {}", name, e.toString());
      return List.of();
    }
    return names;
  }
}
