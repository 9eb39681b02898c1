package org.mesosexec.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mesosexec.process.ProcFs.Proc;
import org.mesosexec.process.ProcessTracker.Members;

/**
 * One look at {@code /proc} for the processes of one task: with a subreaper, the task's tree and
 * the adopted orphans that are the task's; without one, its session and group, their descendants
 * and the marked orphans re-parented to init. Thread-safe; each look costs a few reads per process.
 */
final class TreeLook {
  /** How many times the executor's children are listed before a look at a task ends anyway. */
  private static final int MAX_ROUNDS = 10;

  private final ProcFs proc;
  private final Optional<LibC> libc;
  private final Attribution attribution;
  private final Set<Long> strays;
  private final long self;

  /**
   * @param strays the executor's children found on another thread than the main one (normally
   *     none), owned by the periodic look and read here
   */
  TreeLook(ProcFs proc, Optional<LibC> libc, Attribution attribution, Set<Long> strays, long self) {
    this.proc = Objects.requireNonNull(proc);
    this.libc = Objects.requireNonNull(libc);
    this.attribution = Objects.requireNonNull(attribution);
    this.strays = Objects.requireNonNull(strays);
    this.self = self;
  }

  /** See {@link ProcessTracker#members}. */
  Members members(long leader, boolean leaderLive, String marker, boolean subreaper) {
    if (!proc.available()) {
      return new Members(
          leaderLive ? List.of(new Proc(leader, 'R', self, leader, leader, 0)) : List.of(),
          List.of());
    }
    return subreaper
        ? subtreeMembers(leader, leaderLive, marker)
        : new Members(scanMembers(leader, leaderLive, marker), List.of());
  }

  private Members subtreeMembers(long leader, boolean leaderLive, String marker) {
    List<Long> roots = new ArrayList<>();
    List<Long> unsure = new ArrayList<>();
    if (leaderLive) {
      roots.add(leader);
    }
    adoptedRoots(leader, marker, roots, unsure);
    return new Members(walk(roots, marker), unsure);
  }

  /**
   * Adds the executor's adopted children that are the task's to {@code roots}, and those that may
   * be to {@code unsure}; reaps adopted zombies. A process that dies while this runs re-parents its
   * children to the executor: the children are read again until a read shows no new one.
   */
  private void adoptedRoots(long leader, String marker, List<Long> roots, List<Long> unsure) {
    Set<Long> looked = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean fresh = false;
      for (long child : adoptable()) {
        if (!looked.add(child) || child == leader || SpawnedChildren.spawned(child)) {
          continue;
        }
        fresh = true;
        Optional<Proc> st = proc.stat(child);
        if (st.isEmpty()) {
          continue;
        }
        if (st.get().zombie()) {
          SpawnedChildren.reap(libc, child);
          continue;
        }
        Optional<Boolean> marked =
            st.get().sid() == leader ? Optional.of(true) : attribution.belongs(st.get(), marker);
        if (marked.isEmpty()) {
          unsure.add(child);
        } else if (marked.get()) {
          roots.add(child);
        }
      }
      if (!fresh) {
        return;
      }
    }
  }

  /**
   * The executor's children that may be adopted orphans. The kernel re-parents an orphan to the
   * first live thread of the subreaper, its main thread, so one read of that thread's children
   * finds them, however many threads the JVM has (one per running task process, the JDK's reapers):
   * the whole list of every thread's children costs a read per thread, and reading it on every look
   * made a shutdown of many tasks quadratic. The periodic look reads the whole list and adds what
   * it finds elsewhere ({@link #strays}).
   */
  private List<Long> adoptable() {
    if (!proc.childrenFiles()) {
      return proc.children(self);
    }
    List<Long> out = new ArrayList<>(proc.threadChildren(self, self));
    out.addAll(strays);
    return out;
  }

  /** The processes of the trees under {@code roots}, zombies included; remembered as the task's. */
  private List<Proc> walk(List<Long> roots, String marker) {
    List<Proc> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (!seen.add(pid)) {
        continue;
      }
      Optional<Proc> st = proc.stat(pid);
      if (st.isEmpty()) {
        continue;
      }
      out.add(st.get());
      attribution.lineage().remember(st.get(), marker);
      if (!st.get().zombie()) {
        todo.addAll(proc.children(pid));
      }
    }
    return out;
  }

  /** Without a subreaper: the leader's session and group, their descendants, marked orphans. */
  private List<Proc> scanMembers(long leader, boolean leaderLive, String marker) {
    List<Proc> all = proc.scan();
    Set<Long> member = new HashSet<>();
    for (Proc p : all) {
      boolean ours =
          (p.pid() == leader && leaderLive)
              || (p.pid() != leader && (p.sid() == leader || p.pgid() == leader))
              || (p.ppid() == 1 && attribution.isMarked(p, marker).orElse(false));
      if (ours && p.pid() != self) {
        member.add(p.pid());
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Proc p : all) {
        if (member.contains(p.ppid()) && member.add(p.pid())) {
          grew = true;
        }
      }
    }
    return all.stream().filter(p -> member.contains(p.pid())).toList();
  }
}
