package org.mesosexec.files;

import static org.mesosexec.files.Fcntl.AT_REMOVEDIR;
import static org.mesosexec.files.Fcntl.O_RDONLY;

import java.io.IOException;
import java.nio.file.Path;
import org.mesosexec.process.LibC;

/**
 * One spare task directory ({@link SpareDirs}), as the system calls make and remove it: its name in
 * {@code tasks/}, the descriptor of the directory and those of its empty {@code stdout} and {@code
 * stderr}, held open.
 */
record Spare(String name, int dir, int stdout, int stderr) {
  private static final int DIR_MODE = 0755;

  /**
   * Makes {@code name} in {@code tasks} (the open {@code tasks/} of {@code sandbox}) with its two
   * files; nothing is left open when this throws.
   */
  static Spare make(NativeWalk walk, int tasks, Path sandbox, String name) throws IOException {
    LibC c = walk.libc();
    byte[] bytes = walk.name(Path.of(name));
    int dir = -1;
    int out = -1;
    try {
      if (c.mkdirat(tasks, bytes, DIR_MODE) != 0) {
        throw walk.failure(sandbox.resolve("tasks"), LibC.errno());
      }
      dir = walk.openDirectory(tasks, bytes, O_RDONLY);
      if (dir < 0) {
        throw walk.failure(sandbox.resolve("tasks"), LibC.errno());
      }
      out = walk.createFile(dir, Path.of("stdout"));
      int err = walk.createFile(dir, Path.of("stderr"));
      return new Spare(name, dir, out, err);
    } catch (IOException | RuntimeException e) {
      closeAll(c, out, dir);
      throw e;
    }
  }

  /** Closes the spare and removes it from {@code tasks}, its files first; what cannot go stays. */
  void discard(NativeWalk walk, int tasks) {
    LibC c = walk.libc();
    c.unlinkat(dir, walk.name(Path.of("stdout")), 0);
    c.unlinkat(dir, walk.name(Path.of("stderr")), 0);
    closeAll(c, stdout, stderr, dir);
    c.unlinkat(tasks, walk.name(Path.of(name)), AT_REMOVEDIR);
  }

  private static void closeAll(LibC c, int... fds) {
    for (int fd : fds) {
      if (fd >= 0) {
        c.close(fd);
      }
    }
  }
}
