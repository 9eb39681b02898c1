package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.O_RDONLY;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mesosexec.process.LibC;

/**
 * The two directories of a task's layout, made with native calls: {@code tasks/}, which only the
 * executor may write (else a task could make or swap a later task's directory in it), and the
 * task's own directory, always new.
 */
final class TaskDirs {
  private static final int DIR_MODE = 0755;
  private static final int GROUP_OTHER_WRITE = 0022;

  private TaskDirs() {}

  /**
   * Opens {@code tasks/} under the sandbox's descriptor, making it if missing; refuses one that
   * belongs to another user, and takes group and other write permission from the executor's own.
   */
  static int openTasks(NativeWalk walk, int root, Path name) throws IOException {
    LibC c = walk.libc();
    byte[] tasks = walk.name(name.getFileName());
    if (c.mkdirat(root, tasks, DIR_MODE) != 0 && LibC.errno() != LibC.EEXIST) {
      throw walk.failure(name, LibC.errno());
    }
    int fd = walk.openDirectory(root, tasks, O_RDONLY);
    if (fd < 0) {
      throw walk.failure(name, LibC.errno());
    }
    try {
      Path self = NativeWalk.fdPath(fd);
      int uid = (Integer) Files.getAttribute(self, "unix:uid");
      int mode = (Integer) Files.getAttribute(self, "unix:mode");
      if (uid != c.geteuid()) {
        throw new FileSystemException(
            name.toString(),
            null,
            "belongs to uid "
                + uid
                + ", not to the executor's user (uid "
                + c.geteuid()
                + "): no task directory is"
                + " made in a directory that someone else controls");
      }
      if ((mode & GROUP_OTHER_WRITE) != 0) {
        if (c.fchmod(fd, mode & 07777 & ~GROUP_OTHER_WRITE) != 0) {
          throw walk.failure(name, LibC.errno());
        }
        NativeSandboxFiles.log()
            .warn(
                "{} was writable by group or others (mode {}): made it"
                    + " writable by the executor only",
                name,
                Integer.toOctalString(mode & 07777));
      }
      return fd;
    } catch (IOException | RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  /**
   * Makes {@code tasks/<taskId>} and opens it; one already there (duplicate ids are refused before
   * this, so it was left by an earlier run into the same sandbox, or made by someone else) is
   * renamed aside first.
   */
  static int freshDirectory(NativeWalk walk, int tasks, String taskId, Path name)
      throws IOException {
    LibC c = walk.libc();
    byte[] dir = walk.name(name.getFileName());
    if (c.mkdirat(tasks, dir, DIR_MODE) != 0) {
      int errno = LibC.errno();
      if (errno != LibC.EEXIST) {
        throw walk.failure(name, errno);
      }
      String aside = SandboxFiles.asideName(taskId, System.currentTimeMillis());
      if (c.renameat(tasks, dir, tasks, walk.name(Path.of(aside))) != 0) {
        throw walk.failure(name, LibC.errno());
      }
      NativeSandboxFiles.log()
          .warn("{} existed before the task started: moved it to {}", name, aside);
      if (c.mkdirat(tasks, dir, DIR_MODE) != 0) {
        throw walk.failure(name, LibC.errno());
      }
    }
    int fd = walk.openDirectory(tasks, dir, O_RDONLY);
    if (fd < 0) {
      throw walk.failure(name, LibC.errno());
    }
    return fd;
  }
}
