package org.mesosexec.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.mesosexec.process.LibC;

/**
 * Reaches files under a trusted root (the sandbox) the way DESIGN §10 asks: walking from the root
 * one name at a time without following any link, opening without blocking on a FIFO or device,
 * accepting only regular files, and creating files and task directories afresh where nobody can
 * have prepared them. Safe to use from any thread.
 *
 * <p>Without JNA (or on a machine other than Linux x86_64/aarch64) the same operations go through
 * Java NIO with {@code NOFOLLOW_LINKS} and {@code CREATE_NEW}: no link is followed at the last
 * name, but a task can then swap a checked regular file for a FIFO before it is opened.
 */
public interface SandboxFiles {
  /**
   * Opens {@code file} for reading if it is a regular file reached without a link.
   *
   * @return empty when there is no such file, or it is a link, a FIFO, a device, a directory
   * @throws IOException when the file is outside {@code root} or cannot be reached for another
   *     reason
   */
  Optional<OpenFile> openRegular(Path root, Path file) throws IOException;

  /**
   * Puts a new, empty regular file in place of whatever {@code file} names now (a file, a link, a
   * FIFO, an empty directory), and opens it for reading and writing. The entry is removed, never
   * followed or truncated: a hard link to a file elsewhere keeps that file intact.
   */
  OpenFile replace(Path root, Path file) throws IOException;

  /**
   * Makes {@code tasks/<taskId>/} in {@code sandbox} with new, empty {@code stdout} and {@code
   * stderr}, owned by {@code owner} if given. {@code tasks/} is made if missing, and must belong to
   * the executor's user and be writable by nobody else (the executor removes group and other write
   * permission from its own {@code tasks/}). An existing task directory, left by an earlier run
   * into the same sandbox, is renamed to {@code tasks/.old.<taskId>.<millis>} first.
   */
  TaskFiles makeTaskDirectory(Path sandbox, String taskId, Optional<UserPrincipal> owner)
      throws IOException;

  /**
   * Makes, ahead of the next {@link #makeTaskDirectory} in {@code sandbox}, a directory with new
   * {@code stdout} and {@code stderr} in {@code tasks/} that the next task's directory is renamed
   * from, so that making them does not delay that task's start; nothing when enough are ready or
   * when this way of reaching files cannot rename without replacing. Hidden (its name begins with a
   * dot, as no task id does); {@link #dropSpares} removes what is left. The first one made in a
   * sandbox removes those that earlier executors of the sandbox left (they died first).
   */
  default void prepareSpare(Path sandbox) throws IOException {}

  /**
   * Removes the spare directories of {@code sandbox} (the executor is closing): none is made for it
   * from then on, and one being made is removed once it is.
   */
  default void dropSpares(Path sandbox) throws IOException {}

  /** The executor's instance: native calls when JNA is there, else by name. */
  static SandboxFiles shared() {
    return Shared.INSTANCE;
  }

  /** The fallback through Java NIO, for machines without JNA (and tests of it). */
  static SandboxFiles byName() {
    return new NioSandboxFiles();
  }

  /** Loaded on first use, so that nothing native is touched before the executor starts. */
  final class Shared {
    static final SandboxFiles INSTANCE = create(LibC.load());

    private Shared() {}

    private static SandboxFiles create(Optional<LibC> libc) {
      Optional<Fcntl> fcntl = Fcntl.ofThisMachine();
      if (libc.isPresent()
          && fcntl.isPresent()
          && java.nio.file.Files.isDirectory(Path.of("/proc/self/fd"))) {
        return new NativeSandboxFiles(
            new NativeWalk(libc.get(), fcntl.get(), NativeWalk.nameCharset()));
      }
      LogManager.getLogger(SandboxFiles.class)
          .warn(
              "Files under the sandbox are opened by name"
                  + " ({}): a task can race a FIFO into the place of a file the executor reads",
              libc.isEmpty()
                  ? "no JNA"
                  : "no /proc or an unknown architecture " + System.getProperty("os.arch"));
      return byName();
    }
  }

  /** The name a task directory is moved aside to; no task id can take it (leading dot). */
  static String asideName(String taskId, long millis) {
    String name = ".old." + taskId + "." + millis;
    if (name.getBytes(StandardCharsets.UTF_8).length <= 255) {
      return name;
    }
    return ".old." + millis + "." + Integer.toHexString(taskId.hashCode());
  }
}
