package org.mesosexec.process;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;

/**
 * Starts a child through glibc's {@code posix_spawn}: leader of a new session and process group
 * from its first instruction ({@code POSIX_SPAWN_SETSID}, glibc 2.26), in its working directory
 * ({@code addchdir_np}, 2.29), with {@code /dev/null} and the given files as descriptors 0 to 2 and
 * no other descriptor of the executor ({@code addclosefrom_np}, 2.34), and no signal blocked. That
 * is what {@link ProcessBuilder} through {@code setsid(1)} gives, without the JDK's reaper thread
 * per child: the caller reaps the child. Thread-safe.
 */
final class PosixSpawn {
  private static final short SETSIGMASK = 0x08;
  private static final short SETSID = 0x80;

  /** Larger than glibc's posix_spawnattr_t (336 bytes), file actions (80) and sigset_t (128). */
  private static final int OPAQUE_BYTES = 512;

  /** The calls of glibc this class makes. */
  interface Calls extends Library {
    int posix_spawn(
        Pointer pid, byte[] path, Pointer actions, Pointer attr, Pointer argv, Pointer env);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    int sigemptyset(Pointer set);
  }

  private final Calls c;
  private final LibC libc;

  private PosixSpawn(Calls c, LibC libc) {
    this.c = Objects.requireNonNull(c);
    this.libc = Objects.requireNonNull(libc);
  }

  /** The spawner, or empty (with a log line) when this libc lacks a call it needs. */
  static Optional<PosixSpawn> load(LibC libc) {
    try {
      PosixSpawn spawn = new PosixSpawn(com.sun.jna.Native.load("c", Calls.class), libc);
      spawn.probe();
      return Optional.of(spawn);
    } catch (LinkageError | IllegalStateException e) {
      LogManager.getLogger(PosixSpawn.class)
          .info("No usable posix_spawn ({}): task processes are started by the JDK", e.toString());
      return Optional.empty();
    }
  }

  /** Makes every call {@link #start} makes but the spawn, so that a missing one shows now. */
  private void probe() {
    try (Memory actions = new Memory(OPAQUE_BYTES);
        Memory attr = new Memory(OPAQUE_BYTES)) {
      c.posix_spawn_file_actions_init(actions);
      c.posix_spawnattr_init(attr);
      int failed =
          c.posix_spawn_file_actions_addchdir_np(actions, NativeEncoding.cString("/"))
              | c.posix_spawn_file_actions_addclosefrom_np(actions, 3)
              | c.posix_spawnattr_setflags(attr, (short) (SETSID | SETSIGMASK));
      c.posix_spawn_file_actions_destroy(actions);
      c.posix_spawnattr_destroy(attr);
      if (failed != 0) {
        throw new IllegalStateException("POSIX_SPAWN_SETSID or closefrom refused");
      }
    }
  }

  /**
   * Starts {@code command} (its first element a path, not looked up in PATH) with exactly {@code
   * env}, appending its output to {@code stdout} and {@code stderr}; returns its pid. A program
   * that is not a binary nor has a {@code #!} line runs through {@code /bin/sh}, as execvp does.
   *
   * @throws LaunchException worded as the JDK words it: {@code Cannot run program "P" (in directory
   *     "D"): error=2, No such file or directory}
   */
  long start(List<String> command, Map<String, String> env, Path dir, Path stdout, Path stderr)
      throws LaunchException {
    String prefix =
        "Cannot run program \"" + command.get(0) + "\" (in directory \"" + dir + "\"): ";
    if (hasNul(command) || hasNul(env.keySet()) || hasNul(env.values())) {
      throw new LaunchException(prefix + "invalid null character in command or environment");
    }
    int[] fds = {-1, -1, -1};
    try {
      fds[0] = open(Path.of("/dev/null"), LibC.O_RDONLY, prefix);
      fds[1] = open(stdout, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND, prefix);
      fds[2] = open(stderr, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND, prefix);
      List<byte[]> envp = new ArrayList<>(env.size());
      env.forEach((k, v) -> envp.add(NativeEncoding.cString(k + "=" + v)));
      int[] pid = new int[1];
      int err = spawn(pid, command, envp, dir, fds);
      if (err == LibC.ENOEXEC) {
        List<String> viaShell = new ArrayList<>(List.of("/bin/sh"));
        viaShell.addAll(command);
        err = spawn(pid, viaShell, envp, dir, fds);
      }
      if (err != 0) {
        throw new LaunchException(prefix + "error=" + err + ", " + libc.strerror(err));
      }
      return pid[0];
    } finally {
      for (int fd : fds) {
        if (fd >= 0) {
          libc.close(fd);
        }
      }
    }
  }

  private int open(Path file, int flags, String prefix) throws LaunchException {
    byte[] name = NativeEncoding.cString(file.toString());
    int fd = libc.openat(LibC.AT_FDCWD, name, flags | LibC.O_CLOEXEC, 0666);
    if (fd < 0) {
      throw new LaunchException(prefix + file + " (" + libc.strerror(LibC.errno()) + ")");
    }
    return fd;
  }

  private int spawn(int[] pid, List<String> command, List<byte[]> envp, Path dir, int[] fds) {
    try (SpawnBlock block = new SpawnBlock(cStrings(command), envp);
        Memory actions = new Memory(OPAQUE_BYTES);
        Memory attr = new Memory(OPAQUE_BYTES);
        Memory mask = new Memory(OPAQUE_BYTES)) {
      c.posix_spawn_file_actions_init(actions);
      c.posix_spawnattr_init(attr);
      try {
        for (int fd = 0; fd < 3; fd++) {
          c.posix_spawn_file_actions_adddup2(actions, fds[fd], fd);
        }
        c.posix_spawn_file_actions_addchdir_np(actions, NativeEncoding.cString(dir.toString()));
        c.posix_spawn_file_actions_addclosefrom_np(actions, 3);
        c.sigemptyset(mask);
        c.posix_spawnattr_setsigmask(attr, mask);
        c.posix_spawnattr_setflags(attr, (short) (SETSID | SETSIGMASK));
        byte[] path = NativeEncoding.cString(command.get(0));
        int err = c.posix_spawn(block.pid(), path, actions, attr, block.argv(), block.envp());
        pid[0] = block.pidValue();
        return err;
      } finally {
        c.posix_spawn_file_actions_destroy(actions);
        c.posix_spawnattr_destroy(attr);
      }
    }
  }

  private static boolean hasNul(java.util.Collection<String> values) {
    return values.stream().anyMatch(v -> v.indexOf('\0') >= 0);
  }

  private static List<byte[]> cStrings(List<String> values) {
    List<byte[]> strings = new ArrayList<>(values.size());
    values.forEach(v -> strings.add(NativeEncoding.cString(v)));
    return strings;
  }
}
