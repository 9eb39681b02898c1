package org.mesosexec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Looks at the processes the tasks left behind, through {@code /proc} (Linux). A zombie counts as
 * gone: it has exited and holds no resources but its table entry, which only its parent (maybe a
 * PID 1 that never reaps) can clear.
 */
public final class ProcScan {
  private ProcScan() {}

  /** One line of {@code /proc/PID/stat}: the fields a test needs. */
  public record Stat(long pid, String comm, char state, long ppid, long pgid) {
    boolean live() {
      return state != 'Z' && state != 'X';
    }
  }

  /** The process's stat, or empty when it no longer exists. */
  public static Optional<Stat> stat(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    } catch (IOException gone) {
      return Optional.empty();
    }
    // comm (field 2) is in parentheses and may itself hold spaces or parentheses.
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    String[] rest = line.substring(close + 2).trim().split(" ");
    return Optional.of(new Stat(pid, line.substring(open + 1, close), rest[0].charAt(0),
        Long.parseLong(rest[1]), Long.parseLong(rest[2])));
  }

  /** Whether the process exists and has not exited. */
  public static boolean alive(long pid) {
    return stat(pid).map(Stat::live).orElse(false);
  }

  /** The live processes whose process group id (field 5 of /proc/PID/stat) is {@code pgid}. */
  public static List<Stat> group(long pgid) {
    List<Stat> members = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        stat(Long.parseLong(dir.getFileName().toString()))
            .filter(s -> s.pgid() == pgid && s.live())
            .ifPresent(members::add);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot scan /proc", e);
    }
    return members;
  }

  /**
   * Waits until process group {@code pgid} has no live member and returns the empty list, or
   * returns the members still alive when {@code timeout} has passed.
   */
  public static List<Stat> awaitGroupGone(long pgid, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Stat> left = group(pgid);
    while (!left.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(20);
      left = group(pgid);
    }
    return left;
  }

  /** Waits until the group has at least {@code count} live members; returns them. */
  public static List<Stat> awaitGroupSize(long pgid, int count, Duration timeout)
      throws InterruptedException {
    return awaitGroup(pgid, m -> m.size() >= count, "at least " + count + " live processes", timeout);
  }

  /**
   * Waits until at least {@code count} live members of the group run {@code comm} (a freshly
   * forked child still shows its parent's name until it execs); returns the whole group.
   */
  public static List<Stat> awaitGroupRunning(long pgid, String comm, int count, Duration timeout)
      throws InterruptedException {
    return awaitGroup(pgid, m -> m.stream().filter(s -> s.comm().equals(comm)).count() >= count,
        count + " live processes named " + comm, timeout);
  }

  private static List<Stat> awaitGroup(long pgid, Predicate<List<Stat>> done, String what,
      Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Stat> members = group(pgid);
    while (!done.test(members)) {
      if (System.nanoTime() >= end) {
        throw new AssertionError(
            "process group " + pgid + " has " + members + ", expected " + what + " within " + timeout);
      }
      Thread.sleep(20);
      members = group(pgid);
    }
    return members;
  }

  /**
   * SIGKILLs whatever is left of a process group, so that a test that found a leak does not leak
   * into the next one.
   */
  public static void killGroup(long pgid) {
    for (Stat s : group(pgid)) {
      ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
