package org.mesosexec.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox of a local run, made ready as an agent makes an executor's: the directory of {@code
 * --sandbox} (or a new one under the system temp dir), with the {@code --fetch} files copied into
 * its root, as the Mesos fetcher copies {@code ExecutorInfo.command.uris} (under their own names,
 * replacing a file of that name left by an earlier run).
 */
public final class LocalSandbox {
  private LocalSandbox() {}

  /**
   * Makes the sandbox and copies the fetched files in. Every {@code --fetch} is checked before
   * anything is made, so that a mistyped path leaves no new directory behind.
   *
   * @return the sandbox's absolute path
   * @throws IOException with a message for the user: a missing or unreadable file, two files of the
   *     same name, a sandbox that cannot be made
   */
  public static Path prepare(LocalOptions options) throws IOException {
    Map<Path, Path> byName = fetchesByName(options.fetches());
    Path sandbox = directory(options);
    for (Map.Entry<Path, Path> f : byName.entrySet()) {
      try {
        Files.copy(f.getValue(), sandbox.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new IOException("--fetch " + f.getValue() + ": cannot copy it (" + e + ")", e);
      }
    }
    return sandbox;
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

  private static Path directory(LocalOptions options) throws IOException {
    if (options.sandbox().isPresent()) {
      Path dir = options.sandbox().get();
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new IOException("--sandbox " + dir + ": not a directory");
      }
      try {
        return Files.createDirectories(dir).toAbsolutePath();
      } catch (IOException e) {
        throw new IOException("--sandbox " + dir + ": cannot create it (" + e + ")", e);
      }
    }
    return Files.createTempDirectory("mesos-executor-local-").toAbsolutePath();
  }
}
