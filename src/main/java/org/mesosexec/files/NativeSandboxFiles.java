package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.AT_REMOVEDIR;
import static org.mesosexec.files.Fcntl.O_CREAT;
import static org.mesosexec.files.Fcntl.O_EXCL;
import static org.mesosexec.files.Fcntl.O_NONBLOCK;
import static org.mesosexec.files.Fcntl.O_RDONLY;
import static org.mesosexec.files.Fcntl.O_RDWR;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.NativeWalk.LinkException;
import org.mesosexec.process.LibC;

/**
 * {@link SandboxFiles} through libc: every name below the root is reached by a {@link NativeWalk}
 * (relative to its parent's descriptor, no link followed), files are opened with O_NONBLOCK, and
 * what was opened is then checked through its descriptor.
 */
final class NativeSandboxFiles implements SandboxFiles {
  private static final Logger LOG = LogManager.getLogger(NativeSandboxFiles.class);
  private static final int FILE_MODE = 0644;

  /** How often a removed entry may be put back by a task before replacing it fails. */
  private static final int REPLACE_TRIES = 3;

  private final NativeWalk walk;
  private final LibC c;
  private final SpareDirs spares;

  NativeSandboxFiles(NativeWalk walk) {
    this.walk = walk;
    this.c = walk.libc();
    this.spares = new SpareDirs(walk);
  }

  @Override
  public Optional<OpenFile> openRegular(Path root, Path file) throws IOException {
    int dir;
    try {
      dir = walk.openParent(root, file);
    } catch (NoSuchFileException | LinkException notThere) {
      return Optional.empty();
    }
    int fd = walk.openFile(dir, walk.name(file.getFileName()), O_RDONLY | O_NONBLOCK, 0);
    int errno = LibC.errno();
    c.close(dir);
    if (fd < 0) {
      if (errno == LibC.ENOENT || errno == LibC.ELOOP) {
        return Optional.empty();
      }
      throw walk.failure(file, errno);
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
    int dir = walk.openParent(root, file);
    try {
      byte[] last = walk.name(file.getFileName());
      for (int attempt = 1; ; attempt++) {
        remove(dir, last, file);
        int fd = walk.openFile(dir, last, O_RDWR | O_CREAT | O_EXCL, FILE_MODE);
        int errno = LibC.errno();
        if (fd >= 0) {
          return new OpenFile(fd, file, c);
        }
        if (errno != LibC.EEXIST || attempt == REPLACE_TRIES) {
          throw walk.failure(file, errno);
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
      throw walk.failure(file, errno);
    }
  }

  @Override
  public TaskFiles makeTaskDirectory(Path sandbox, String taskId, Optional<UserPrincipal> owner)
      throws IOException {
    return inTasks(
        sandbox,
        tasks -> {
          Path dirName = sandbox.resolve("tasks").resolve(taskId);
          Optional<SpareDirs.Taken> spare = spares.take(sandbox, tasks, dirName);
          int dir =
              spare.isPresent()
                  ? spare.get().dir()
                  : TaskDirs.freshDirectory(walk, tasks, taskId, dirName);
          try {
            TaskFiles files = spare.isPresent() ? spare.get().files() : taskFiles(dir, dirName);
            own(dir, files, owner);
            return files;
          } finally {
            c.close(dir);
          }
        });
  }

  @Override
  public void prepareSpare(Path sandbox) throws IOException {
    if (!spares.wanted(sandbox)) {
      return;
    }
    inTasks(
        sandbox,
        tasks -> {
          spares.make(sandbox, tasks);
          return null;
        });
  }

  @Override
  public void dropSpares(Path sandbox) throws IOException {
    if (!spares.close(sandbox)) {
      return; // nor is tasks/ made for it
    }
    inTasks(
        sandbox,
        tasks -> {
          spares.drop(sandbox, tasks);
          return null;
        });
  }

  /** What is done in the open {@code tasks/} of {@code sandbox}. */
  private interface InTasks<T> {
    T apply(int tasks) throws IOException;
  }

  /** Runs {@code action} with {@code tasks/} open, made if missing and checked. */
  private <T> T inTasks(Path sandbox, InTasks<T> action) throws IOException {
    int root = walk.openRoot(sandbox);
    try {
      int tasks = TaskDirs.openTasks(walk, root, sandbox.resolve("tasks"));
      try {
        return action.apply(tasks);
      } finally {
        c.close(tasks);
      }
    } finally {
      c.close(root);
    }
  }

  /** New {@code stdout} and {@code stderr} in the task's directory {@code dir}. */
  private TaskFiles taskFiles(int dir, Path dirName) throws IOException {
    OpenFile out = create(dir, dirName.resolve("stdout"));
    OpenFile err;
    try {
      err = create(dir, dirName.resolve("stderr"));
    } catch (IOException e) {
      out.close();
      throw e;
    }
    return new TaskFiles(out, err);
  }

  /** Hands the task's directory {@code dir} and its files to {@code owner}, if given. */
  private static void own(int dir, TaskFiles files, Optional<UserPrincipal> owner)
      throws IOException {
    OpenFile out = files.stdout();
    OpenFile err = files.stderr();
    if (owner.isPresent()) {
      try {
        for (Path p : new Path[] {NativeWalk.fdPath(dir), out.path(), err.path()}) {
          Files.setOwner(p, owner.get()); // through the descriptor: the file itself
        }
      } catch (IOException e) {
        files.close();
        throw e;
      }
    }
  }

  private OpenFile create(int dir, Path file) throws IOException {
    return new OpenFile(walk.createFile(dir, file), file, c);
  }

  static Logger log() {
    return LOG;
  }
}
