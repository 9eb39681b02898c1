package org.mesosexec.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.LibC;

/**
 * Task directories made ahead of their task: {@code tasks/.spare.<pid>.<n>/} with empty {@code
 * stdout} and {@code stderr}, held open, which the next task's directory is renamed from. Creating
 * a directory and two files costs far more than renaming one on some file systems (about 1.5 ms
 * against 0.05 ms on the ext4 of the benchmark machine), and it would delay every task's start. A
 * spare is as new as a directory made at the start: the executor made it in its own {@code tasks/},
 * which no other user can write, and no task id can take its name (leading dot). At most {@link
 * #KEPT} per sandbox. Thread-safe.
 */
final class SpareDirs {
  private static final Logger LOG = LogManager.getLogger(SpareDirs.class);

  /** Two: a task started right after another finds one even while the other's is being made. */
  static final int KEPT = 2;

  private final NativeWalk walk;
  private final LibC c;
  private final Map<Path, Pool> pools = new ConcurrentHashMap<>();
  private final AtomicLong names = new AtomicLong();
  private final long self = ProcessHandle.current().pid();
  private final String prefix = ".spare." + self + ".";

  /** False once this host turned out not to rename without replacing (no renameat2). */
  private volatile boolean usable = true;

  /**
   * The spares of one sandbox, how many are ready or being made, whether the leftovers of earlier
   * executors were looked for, and whether the executor closed (no more are made).
   */
  private static final class Pool {
    final Queue<Spare> ready = new ConcurrentLinkedQueue<>();
    final AtomicInteger count = new AtomicInteger();
    final AtomicBoolean swept = new AtomicBoolean();
    final AtomicBoolean closed;

    Pool(boolean closed) {
      this.closed = new AtomicBoolean(closed);
    }
  }

  SpareDirs(NativeWalk walk) {
    this.walk = walk;
    this.c = walk.libc();
  }

  /**
   * Makes a spare in {@code tasks} (the open {@code tasks/} of {@code sandbox}) unless enough are
   * or the sandbox is closed; the first removes those that executors before this one left.
   */
  void make(Path sandbox, int tasks) throws IOException {
    Pool pool = pools.computeIfAbsent(sandbox, s -> new Pool(false));
    if (!usable || pool.closed.get()) {
      return;
    }
    if (pool.count.incrementAndGet() > KEPT) {
      pool.count.decrementAndGet();
      return;
    }
    if (pool.swept.compareAndSet(false, true)) {
      LeftoverSpares.remove(walk, tasks, sandbox.resolve("tasks"), self);
    }
    try {
      pool.ready.add(Spare.make(walk, tasks, sandbox, prefix + names.incrementAndGet()));
    } catch (IOException | RuntimeException e) {
      pool.count.decrementAndGet();
      throw e;
    }
    if (pool.closed.get()) {
      discardAll(pool, tasks); // closed while this one was made: drop may have missed it
    }
  }

  /**
   * Renames a spare of {@code sandbox} to {@code dirName} in {@code tasks} (its open {@code
   * tasks/}), never over an existing entry; empty when none is ready or the name is taken (the
   * caller then makes the directory as it would have).
   *
   * @return the descriptor of the task's directory and its output files
   */
  Optional<Taken> take(Path sandbox, int tasks, Path dirName) {
    Pool pool = pools.get(sandbox);
    Spare spare = pool == null || !usable ? null : pool.ready.poll();
    if (spare == null) {
      return Optional.empty();
    }
    pool.count.decrementAndGet();
    int r;
    try {
      r =
          c.renameat2(
              tasks,
              walk.name(Path.of(spare.name())),
              tasks,
              walk.name(dirName.getFileName()),
              LibC.RENAME_NOREPLACE);
    } catch (LinkageError e) {
      usable = false;
      LOG.info("No renameat2 ({}): task directories are made as their tasks start", e.toString());
      spare.discard(walk, tasks);
      return Optional.empty();
    }
    if (r != 0) {
      int errno = LibC.errno();
      if (errno == LibC.EEXIST) {
        pool.count.incrementAndGet(); // left by an earlier run: moved aside by the caller
        pool.ready.add(spare);
        return Optional.empty();
      }
      // ENOENT: the spare was removed under the executor. Anything else (EINVAL from a file system
      // that cannot rename without replacing, ENOSYS from an old kernel, EPERM from a seccomp
      // filter) would fail again for every task.
      usable = errno == LibC.ENOENT;
      LOG.info(
          "Renaming a spare task directory failed ({}); {}",
          c.strerror(errno),
          usable ? "making it anew" : "task directories are made as their tasks start");
      spare.discard(walk, tasks);
      return Optional.empty();
    }
    return Optional.of(
        new Taken(
            spare.dir(),
            new TaskFiles(
                new OpenFile(spare.stdout(), dirName.resolve("stdout"), c),
                new OpenFile(spare.stderr(), dirName.resolve("stderr"), c))));
  }

  /** A spare now named as its task's directory: {@code dir} is the caller's to close. */
  record Taken(int dir, TaskFiles files) {}

  /** Whether {@code sandbox} could use another spare: nothing is opened to learn that it is not. */
  boolean wanted(Path sandbox) {
    Pool pool = pools.get(sandbox);
    return usable && (pool == null || (!pool.closed.get() && pool.count.get() < KEPT));
  }

  /**
   * Makes no more spares for {@code sandbox}: one being made is removed by its maker.
   *
   * @return whether spares were ever made for it, which {@link #drop} then removes
   */
  boolean close(Path sandbox) {
    Pool pool = pools.putIfAbsent(sandbox, new Pool(true));
    if (pool == null) {
      return false;
    }
    pool.closed.set(true);
    return true;
  }

  /** Removes the spares of {@code sandbox}, whose {@code tasks/} is open as {@code tasks}. */
  void drop(Path sandbox, int tasks) {
    Pool pool = pools.get(sandbox);
    if (pool != null) {
      discardAll(pool, tasks);
    }
  }

  private void discardAll(Pool pool, int tasks) {
    for (Spare spare = pool.ready.poll(); spare != null; spare = pool.ready.poll()) {
      spare.discard(walk, tasks);
    }
  }
}
