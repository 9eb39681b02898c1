package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.AT_FDCWD;
import static org.mesosexec.files.Fcntl.AT_REMOVEDIR;
import static org.mesosexec.files.Fcntl.O_APPEND;
import static org.mesosexec.files.Fcntl.O_CLOEXEC;
import static org.mesosexec.files.Fcntl.O_CREAT;
import static org.mesosexec.files.Fcntl.O_EXCL;
import static org.mesosexec.files.Fcntl.O_NONBLOCK;
import static org.mesosexec.files.Fcntl.O_PATH;
import static org.mesosexec.files.Fcntl.O_RDONLY;
import static org.mesosexec.files.Fcntl.O_RDWR;
import static org.mesosexec.files.Fcntl.O_WRONLY;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.LibC;

/**
 * {@link SandboxFiles} through libc: every name below the root is opened relative to its parent's
 * descriptor with O_NOFOLLOW (directories with O_PATH, which needs no read permission and opens
 * nothing), files with O_NONBLOCK, and what was opened is then checked through its descriptor.
 */
final class NativeSandboxFiles implements SandboxFiles {
  private static final Logger LOG = LogManager.getLogger(NativeSandboxFiles.class);
  private static final int FILE_MODE = 0644;

  /** How often a removed entry may be put back by a task before replacing it fails. */
  private static final int REPLACE_TRIES = 3;

  private final LibC c;
  private final Fcntl f;
  private final Charset names;

  NativeSandboxFiles(LibC libc, Fcntl fcntl, Charset names) {
    this.c = libc;
    this.f = fcntl;
    this.names = names;
  }

  /** The charset the JVM names files in, so that a name here is the file Java means by it. */
  static Charset nameCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  @Override
  public Optional<OpenFile> openRegular(Path root, Path file) throws IOException {
    int dir;
    try {
      dir = openParent(root, file);
    } catch (NoSuchFileException | LinkException notThere) {
      return Optional.empty();
    }
    int fd =
        c.openat(
            dir, name(file.getFileName()), O_RDONLY | O_NONBLOCK | f.noFollow() | O_CLOEXEC, 0);
    int errno = LibC.errno();
    c.close(dir);
    if (fd < 0) {
      if (errno == LibC.ENOENT || errno == LibC.ELOOP) {
        return Optional.empty();
      }
      throw failure(file, errno);
    }
    OpenFile opened = new OpenFile(fd, file, c);
    if (!opened.attributes().isRegularFile()) {
      opened.close();
      return Optional.empty();
    }
    return Optional.of(opened);
  }

  @Override
  public OpenFile replace(Path root, Path file) throws IOException {
    int dir = openParent(root, file);
    try {
      byte[] last = name(file.getFileName());
      for (int attempt = 1; ; attempt++) {
        remove(dir, last, file);
        int fd =
            c.openat(dir, last, O_RDWR | O_CREAT | O_EXCL | f.noFollow() | O_CLOEXEC, FILE_MODE);
        int errno = LibC.errno();
        if (fd >= 0) {
          return new OpenFile(fd, file, c);
        }
        if (errno != LibC.EEXIST || attempt == REPLACE_TRIES) {
          throw failure(file, errno);
        }
      }
    } finally {
      c.close(dir);
    }
  }

  /** Removes the entry itself (unlinkat follows no link), or an empty directory in its place. */
  private void remove(int dir, byte[] name, Path file) throws IOException {
    if (c.unlinkat(dir, name, 0) == 0) {
      return;
    }
    int errno = LibC.errno();
    if (errno == LibC.EISDIR && c.unlinkat(dir, name, AT_REMOVEDIR) == 0) {
      return;
    }
    errno = errno == LibC.EISDIR ? LibC.errno() : errno;
    if (errno != LibC.ENOENT) {
      throw failure(file, errno);
    }
  }

  @Override
  public TaskFiles makeTaskDirectory(Path sandbox, String taskId, Optional<UserPrincipal> owner)
      throws IOException {
    int root = openRoot(sandbox);
    try {
      int tasks = TaskDirs.openTasks(this, root, sandbox.resolve("tasks"));
      try {
        Path dirName = sandbox.resolve("tasks").resolve(taskId);
        int dir = TaskDirs.freshDirectory(this, tasks, taskId, dirName);
        try {
          OpenFile out = create(dir, dirName.resolve("stdout"));
          OpenFile err = create(dir, dirName.resolve("stderr"));
          TaskFiles files = new TaskFiles(out, err);
          if (owner.isPresent()) {
            try {
              for (Path p : new Path[] {fdPath(dir), out.path(), err.path()}) {
                Files.setOwner(p, owner.get()); // through the descriptor: the file itself
              }
            } catch (IOException e) {
              files.close();
              throw e;
            }
          }
          return files;
        } finally {
          c.close(dir);
        }
      } finally {
        c.close(tasks);
      }
    } finally {
      c.close(root);
    }
  }

  private OpenFile create(int dir, Path file) throws IOException {
    int fd =
        c.openat(
            dir,
            name(file.getFileName()),
            O_WRONLY | O_APPEND | O_CREAT | O_EXCL | f.noFollow() | O_CLOEXEC,
            FILE_MODE);
    if (fd < 0) {
      throw failure(file, LibC.errno());
    }
    return new OpenFile(fd, file, c);
  }

  // ---- the walk, and the calls TaskDirs makes ----

  /** The root, trusted: links in its own path are followed. */
  private int openRoot(Path root) throws IOException {
    int fd = c.openat(AT_FDCWD, name(root), O_PATH | f.directory() | O_CLOEXEC, 0);
    if (fd < 0) {
      throw failure(root, LibC.errno());
    }
    return fd;
  }

  /** The directory that holds {@code file}, reached from {@code root} without following links. */
  private int openParent(Path root, Path file) throws IOException {
    List<Path> parts = components(root, file);
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

  /** {@code file}'s names below {@code root}; {@code ..} is refused, {@code .} skipped. */
  static List<Path> components(Path root, Path file) throws IOException {
    if (!file.isAbsolute() || !file.startsWith(root) || file.equals(root)) {
      throw new FileSystemException(file.toString(), null, "not a file under " + root);
    }
    List<Path> parts = new ArrayList<>();
    for (Path part : root.relativize(file)) {
      if (part.toString().equals("..")) {
        throw new FileSystemException(file.toString(), null, "'..' is not followed");
      }
      if (!part.toString().equals(".") && !part.toString().isEmpty()) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw new FileSystemException(file.toString(), null, "not a file under " + root);
    }
    return parts;
  }

  int openDirectory(int dir, byte[] name, int access) {
    return c.openat(dir, name, access | f.directory() | f.noFollow() | O_CLOEXEC, 0);
  }

  LibC libc() {
    return c;
  }

  byte[] name(Path name) {
    byte[] bytes = name.toString().getBytes(names);
    return java.util.Arrays.copyOf(bytes, bytes.length + 1); // NUL-terminated
  }

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

  static Logger log() {
    return LOG;
  }
}
