package org.mesosexec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.mesosexec.process.ProcessTracker;

/**
 * Looks at the processes the tasks left behind, through {@code /proc} (Linux). For the process
 * group helpers a zombie counts as gone: it has exited and holds no resources but its table entry,
 * which only its parent (maybe a PID 1 that never reaps) can clear. {@link #leftovers} counts
 * zombies too, for the one parent that must reap them: the executor, which adopts a task's orphans.
 */
public final class ProcScan {
  private ProcScan() {}

  /**
   * One line of {@code /proc/PID/stat}: the fields a test needs. {@code startTime} (clock ticks
   * after boot) tells a process from a later one that reuses its pid.
   */
  public record Stat(
      long pid, String comm, char state, long ppid, long pgid, long sid, long startTime) {
    boolean live() {
      return state != 'Z' && state != 'X';
    }

    /** Whether the process has exited and waits for its parent to reap it. */
    public boolean zombie() {
      return !live();
    }
  }

  /**
   * The process's stat, or empty when it no longer exists (a process that exits while it is read
   * can leave a short line: the benchmarks read thousands while they kill them).
   */
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
    if (open < 0 || close < open || close + 2 > line.length()) {
      return Optional.empty();
    }
    String[] rest = line.substring(close + 2).trim().split(" ");
    if (rest.length < 20) {
      return Optional.empty();
    }
    // After the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22).
    return Optional.of(
        new Stat(
            pid,
            line.substring(open + 1, close),
            rest[0].charAt(0),
            Long.parseLong(rest[1]),
            Long.parseLong(rest[2]),
            Long.parseLong(rest[3]),
            Long.parseLong(rest[19])));
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
    return awaitGroup(
        pgid, m -> m.size() >= count, "at least " + count + " live processes", timeout);
  }

  /**
   * Waits until at least {@code count} live members of the group run {@code comm} (a freshly forked
   * child still shows its parent's name until it execs); returns the whole group.
   */
  public static List<Stat> awaitGroupRunning(long pgid, String comm, int count, Duration timeout)
      throws InterruptedException {
    return awaitGroup(
        pgid,
        m -> m.stream().filter(s -> s.comm().equals(comm)).count() >= count,
        count + " live processes named " + comm,
        timeout);
  }

  private static List<Stat> awaitGroup(
      long pgid, Predicate<List<Stat>> done, String what, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Stat> members = group(pgid);
    while (!done.test(members)) {
      if (System.nanoTime() >= end) {
        throw new AssertionError(
            "process group "
                + pgid
                + " has "
                + members
                + ", expected "
                + what
                + " within "
                + timeout);
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

  /** The variable that names a task's process tree in the environment of each of its processes. */
  public static final String MARKER_VARIABLE = ProcessTracker.MARKER_VARIABLE;

  /** Every process on the host, zombies included. */
  public static List<Stat> all() {
    List<Stat> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        stat(Long.parseLong(dir.getFileName().toString())).ifPresent(all::add);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot scan /proc", e);
    }
    return all;
  }

  /**
   * The value of {@code name} in the environment the process was started with (its current
   * program's); empty when it has none, has exited (a zombie's environment is gone with its memory)
   * or cannot be read.
   */
  public static Optional<String> environmentVariable(long pid, String name) {
    String prefix = name + "=";
    for (String entry : environment(pid).orElse(List.of())) {
      if (entry.startsWith(prefix)) {
        return Optional.of(entry.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  /**
   * The process's environment entries ({@code NAME=value}), or empty when it cannot be read (it has
   * gone, or belongs to another user). A zombie's, or that of a process in the middle of exec,
   * reads as no entries.
   */
  public static Optional<List<String>> environment(long pid) {
    byte[] env;
    try {
      env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException gone) {
      return Optional.empty();
    }
    return Optional.of(
        Stream.of(new String(env, StandardCharsets.UTF_8).split("\0"))
            .filter(e -> !e.isEmpty())
            .toList());
  }

  /** The task marker ({@link #MARKER_VARIABLE}) in the process's environment, if any. */
  public static Optional<String> markerOf(long pid) {
    return environmentVariable(pid, MARKER_VARIABLE);
  }

  /**
   * Waits until the process carries a task marker and returns it. A task's first process is the
   * JVM's fork until it has exec'd the task program, so its environment may not show the marker
   * right at TASK_RUNNING.
   */
  public static String awaitMarker(long pid, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Optional<String> marker = markerOf(pid);
    while (marker.isEmpty()) {
      if (System.nanoTime() >= end) {
        throw new AssertionError(
            "process "
                + pid
                + " ("
                + stat(pid).orElse(null)
                + ") shows no "
                + MARKER_VARIABLE
                + " within "
                + timeout);
      }
      Thread.sleep(10);
      marker = markerOf(pid);
    }
    return marker.get();
  }

  /**
   * The live processes whose environment holds {@code MESOS_EXECUTOR_TASK_MARKER=marker}: every
   * process of one task tree, whatever its session, group or parent. Zombies cannot be found this
   * way (their environment is gone), nor a process caught in the middle of an exec (its environment
   * reads empty for a moment): see {@link #leftovers}.
   */
  public static List<Stat> withMarker(String marker) {
    return all().stream()
        .filter(Stat::live)
        .filter(s -> markerOf(s.pid()).map(marker::equals).orElse(false))
        .toList();
  }

  /** Waits until the live processes marked {@code marker} satisfy {@code done}; returns them. */
  public static List<Stat> awaitMarked(
      String marker, Predicate<List<Stat>> done, String what, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<Stat> marked = withMarker(marker);
    while (!done.test(marked)) {
      if (System.nanoTime() >= end) {
        throw new AssertionError(
            "processes marked "
                + marker
                + " are "
                + marked
                + ", expected "
                + what
                + " within "
                + timeout);
      }
      Thread.sleep(20);
      marked = withMarker(marker);
    }
    return marked;
  }

  /**
   * The zombies whose parent is {@code ppid} and that started at or after {@code sinceStartTime}.
   */
  public static List<Stat> zombieChildren(long ppid, long sinceStartTime) {
    return all().stream()
        .filter(s -> s.ppid() == ppid && s.zombie() && s.startTime() >= sinceStartTime)
        .toList();
  }

  /**
   * The pids in every file named {@code *pids} in {@code dir}, one a line, in the order written:
   * what a task reported of its own processes ({@code echo $$ >> pids}).
   */
  public static List<Long> reportedPids(Path dir) {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith("pids")).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read the pids reported in " + dir, e);
    }
    return pids;
  }

  /**
   * What is left of one task tree.
   *
   * @param marked live processes carrying the task's marker
   * @param reported processes by a pid the test knows of the task that still exist as that task's:
   *     zombies, or live with the marker or an empty environment
   * @param zombieChildren zombies of the parent the task's orphans are re-parented to (the
   *     executor's JVM), which only it can reap
   */
  public record Leftovers(List<Stat> marked, List<Stat> reported, List<Stat> zombieChildren) {
    public boolean none() {
      return marked.isEmpty() && reported.isEmpty() && zombieChildren.isEmpty();
    }

    /** Every pid in the three lists. */
    public Set<Long> pids() {
      Set<Long> pids = new TreeSet<>();
      Stream.of(marked, reported, zombieChildren)
          .flatMap(List::stream)
          .map(Stat::pid)
          .forEach(pids::add);
      return pids;
    }

    @Override
    public String toString() {
      return "live with the marker: "
          + marked
          + "; by known pid: "
          + reported
          + "; zombie children of the reaper: "
          + zombieChildren;
    }
  }

  /**
   * Looks for what is left of the task tree {@code marker}: live processes with the marker,
   * processes by the known {@code pids} that are still the task's (a zombie among them too), and,
   * when {@code reaper > 0}, zombies whose parent is {@code reaper} that started no earlier than
   * {@code sinceStartTime}.
   */
  public static Leftovers leftovers(
      String marker, Collection<Long> pids, long reaper, long sinceStartTime) {
    List<Stat> marked = withMarker(marker);
    List<Stat> reported = new ArrayList<>();
    for (long pid : new LinkedHashSet<>(pids)) {
      Optional<Stat> st = stat(pid);
      if (st.isEmpty()) {
        continue;
      }
      // A live process whose environment cannot be read (another user's), or holds no marker,
      // is another program that reuses the pid; anything else by that pid is the task's.
      boolean ours =
          environment(pid)
              .map(env -> env.isEmpty() || env.contains(MARKER_VARIABLE + "=" + marker))
              .orElse(false);
      if (st.get().zombie() || ours) {
        reported.add(st.get());
      }
    }
    List<Stat> zombies = reaper > 0 ? zombieChildren(reaper, sinceStartTime) : List.of();
    return new Leftovers(marked, reported, zombies);
  }

  /** Asserts that nothing was left of the task; {@code when} says when the look was taken. */
  public static void assertNothingLeft(String when, Leftovers left) {
    if (!left.none()) {
      throw new AssertionError("processes of the task left " + when + ": " + left);
    }
  }

  /**
   * Asserts that {@code pid} is not a zombie child of {@code parent} (a process that only {@code
   * parent} can reap, so that it lingers until {@code parent} does).
   */
  public static void assertNotAZombieChildOf(long pid, long parent) {
    stat(pid)
        .ifPresent(
            s -> {
              if (s.zombie() && s.ppid() == parent) {
                throw new AssertionError(
                    "process " + pid + " is an unreaped zombie child of " + parent + ": " + s);
              }
            });
  }

  /**
   * SIGKILLs every live process marked {@code marker}, and every process by one of {@code pids}
   * that is still the task's (see {@link #leftovers}), again and again until none is left or {@code
   * timeout} has passed (a tree that forks must not outrun it), so that a test that found a leak
   * does not leak into the next one. Never throws: it runs in {@code finally}.
   */
  public static void killMarked(String marker, Collection<Long> pids, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    try {
      Set<Long> left = leftovers(marker, pids, 0, 0).pids();
      while (!left.isEmpty() && System.nanoTime() < end) {
        for (long pid : left) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        Thread.sleep(20);
        // Zombies cannot be killed, only reaped by their parent: stop at the live ones.
        left = leftovers(marker, pids, 0, 0).pids();
        left.removeIf(pid -> !alive(pid));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | AssertionError e) {
      // best effort
    }
  }
}
