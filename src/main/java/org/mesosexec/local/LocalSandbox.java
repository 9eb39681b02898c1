package org.mesosexec.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox of a local run, made ready as an agent makes an executor's: the directory of {@code
 * --sandbox} (or a new one under the system temp dir), with the {@code --fetch} files copied into
 * its root, as the Mesos fetcher copies {@code ExecutorInfo.command.uris} (under their own names,
 * replacing a file of that name left by an earlier run). It is made first, so that logging can
 * start in it while the task file is read, and taken away again, with every directory made for it,
 * when the run ends at a start-up error ({@link #abandon}): bad input leaves nothing behind.
 */
public final class LocalSandbox {
  private final Path path;

  /** The directories made for it, the sandbox first. */
  private final List<Path> made;

  private LocalSandbox(Path path, List<Path> made) {
    this.path = path;
    this.made = List.copyOf(made);
  }

  /**
   * Makes the sandbox's directory, nothing in it yet.
   *
   * @throws IOException with a message for the user: a {@code --sandbox} that is not a directory or
   *     cannot be made
   */
  public static LocalSandbox locate(LocalOptions options) throws IOException {
    if (options.sandbox().isEmpty()) {
      Path temp = Files.createTempDirectory("mesos-executor-local-").toAbsolutePath();
      return new LocalSandbox(temp, List.of(temp));
    }
    Path dir = options.sandbox().get().toAbsolutePath();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("--sandbox " + options.sandbox().get() + ": not a directory");
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException(
          "--sandbox " + options.sandbox().get() + ": cannot create it (" + e + ")", e);
    }
    return new LocalSandbox(dir, missing);
  }

  /** The sandbox's absolute path. */
  public Path path() {
    return path;
  }

  /**
   * Copies the fetched files in. Every {@code --fetch} is checked before anything is copied.
   *
   * @throws IOException with a message for the user: a missing or unreadable file, two files of the
   *     same name
   */
  public void prepare(LocalOptions options) throws IOException {
    Map<Path, Path> byName = fetchesByName(options.fetches());
    for (Map.Entry<Path, Path> f : byName.entrySet()) {
      try {
        Files.copy(f.getValue(), path.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new IOException("--fetch " + f.getValue() + ": cannot copy it (" + e + ")", e);
      }
    }
  }

  /**
   * Removes the directories {@link #locate} made, the sandbox first, each only while it is empty:
   * for a run that ends before its executor starts. Whatever cannot be removed stays.
   */
  public void abandon() {
    for (Path dir : made) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException kept) {
        return; // not empty (or not ours to remove): it and its parents stay
      }
    }
  }

  /** The files to fetch by the name they get in the sandbox; all of them regular files. */
  private static Map<Path, Path> fetchesByName(List<Path> fetches) throws IOException {
    Map<Path, Path> byName = new LinkedHashMap<>();
    for (Path file : fetches) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IOException(
            "--fetch "
                + file
                + ": "
                + (Files.exists(file) ? "not a readable file" : "no such file"));
      }
      Path name = file.getFileName();
      Path other = byName.putIfAbsent(name, file);
      if (other != null) {
        throw new IOException(
            "--fetch " + file + " and " + other + ": both would be " + name + " in the sandbox");
      }
    }
    return byName;
  }
}
