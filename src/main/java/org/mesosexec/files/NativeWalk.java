package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.AT_FDCWD;
import static org.mesosexec.files.Fcntl.O_CLOEXEC;
import static org.mesosexec.files.Fcntl.O_PATH;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mesosexec.process.LibC;

/**
 * The {@code *at} calls under the sandbox: from the root, which is trusted, one name at a time
 * relative to its parent's descriptor, never following a link (O_NOFOLLOW; directories with O_PATH,
 * which needs no read permission and opens nothing), and a failed call in the words of the JDK's
 * own exceptions. Every descriptor returned is the caller's to close.
 */
final class NativeWalk {
  private final LibC c;
  private final Fcntl f;
  private final Charset names;

  /**
   * @param names the charset file names are encoded in
   */
  NativeWalk(LibC libc, Fcntl fcntl, Charset names) {
    this.c = Objects.requireNonNull(libc);
    this.f = Objects.requireNonNull(fcntl);
    this.names = Objects.requireNonNull(names);
  }

  /** The charset the JVM names files in, so that a name here is the file Java means by it. */
  static Charset nameCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  LibC libc() {
    return c;
  }

  /** The root, trusted: links in its own path are followed. */
  int openRoot(Path root) throws IOException {
    int fd = c.openat(AT_FDCWD, name(root), O_PATH | f.directory() | O_CLOEXEC, 0);
    if (fd < 0) {
      throw failure(root, LibC.errno());
    }
    return fd;
  }

  /** The directory that holds {@code file}, reached from {@code root} without following links. */
  int openParent(Path root, Path file) throws IOException {
    List<Path> parts = SandboxNames.below(root, file);
    int dir = openRoot(root);
    Path at = root;
    for (Path part : parts.subList(0, parts.size() - 1)) {
      at = at.resolve(part);
      int next = openDirectory(dir, name(part), O_PATH);
      int errno = LibC.errno();
      c.close(dir);
      if (next < 0) {
        throw failure(at, errno);
      }
      dir = next;
    }
    return dir;
  }

  /** Opens the directory {@code name} in {@code dir}, unless it is a link; -1 and errno if not. */
  int openDirectory(int dir, byte[] name, int access) {
    return c.openat(dir, name, access | f.directory() | f.noFollow() | O_CLOEXEC, 0);
  }

  /** Opens the file {@code name} in {@code dir}, unless it is a link; -1 and errno if not. */
  int openFile(int dir, byte[] name, int access, int mode) {
    return c.openat(dir, name, access | f.noFollow() | O_CLOEXEC, mode);
  }

  /**
   * Creates the new file {@code file} in {@code dir} (its parent's descriptor) for appending, owned
   * by the executor, mode 0644; fails if anything has that name.
   */
  int createFile(int dir, Path file) throws IOException {
    int fd =
        openFile(
            dir,
            name(file.getFileName()),
            Fcntl.O_WRONLY | Fcntl.O_APPEND | Fcntl.O_CREAT | Fcntl.O_EXCL,
            0644);
    if (fd < 0) {
      throw failure(file, LibC.errno());
    }
    return fd;
  }

  /** {@code name} as the kernel takes it: encoded, NUL-terminated. */
  byte[] name(Path name) {
    byte[] bytes = name.toString().getBytes(names);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  /** The path through which Java reaches the open file {@code fd} itself. */
  static Path fdPath(int fd) {
    return Path.of("/proc/self/fd/" + fd);
  }

  /** The error of a call on {@code file}, in words, as the JDK's own exceptions put it. */
  IOException failure(Path file, int errno) {
    String why = c.strerror(errno);
    return switch (errno) {
      case LibC.ENOENT -> new NoSuchFileException(file.toString(), null, why);
      case LibC.ELOOP, LibC.ENOTDIR -> new LinkException(file, why);
      default -> new FileSystemException(file.toString(), null, why);
    };
  }

  /** A name that is a symbolic link, or leads through one, where none is followed. */
  static final class LinkException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    LinkException(Path file, String why) {
      super(file.toString(), null, why + " (symbolic links under the sandbox are not followed)");
    }
  }
}
