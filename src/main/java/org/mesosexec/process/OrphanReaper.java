package org.mesosexec.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.ProcFs.Proc;

/**
 * The periodic look of a subreaper: remembers the task of every process in the running tasks' trees
 * (see {@link Lineage}), then reaps the zombies the executor adopted and did not spawn.
 * Thread-safe.
 */
final class OrphanReaper {
  private static final Logger LOG = LogManager.getLogger(OrphanReaper.class);

  private final ProcFs proc;
  private final Optional<LibC> libc;
  private final Attribution attribution;
  private final long self;

  /** The first process of every task still running, and its marker. */
  private final Map<Long, String> leaders = new ConcurrentHashMap<>();

  /**
   * Non-spawned children of the executor found on another thread than the main one (which the
   * kernel hands adopted orphans to): looked at by every {@link TreeLook} too. Normally empty.
   */
  private final Set<Long> strays = ConcurrentHashMap.newKeySet();

  /**
   * @param self the executor's pid, the subreaper
   */
  OrphanReaper(ProcFs proc, Optional<LibC> libc, Attribution attribution, long self) {
    this.proc = Objects.requireNonNull(proc);
    this.libc = Objects.requireNonNull(libc);
    this.attribution = Objects.requireNonNull(attribution);
    this.self = self;
  }

  /** The executor's children found off its main thread; this reaper keeps the set up to date. */
  Set<Long> strays() {
    return strays;
  }

  /** Walks the tree of {@code leader} on every look, as the task run {@code marker}'s. */
  void track(long leader, String marker) {
    leaders.put(leader, marker);
  }

  /** Walks the tree of {@code leader} no more (its first process has exited). */
  void untrack(long leader) {
    leaders.remove(leader);
  }

  /** See {@link ProcessTracker#reapOrphans}. */
  int reap() {
    int reaped = 0;
    Set<Long> children = new HashSet<>(proc.children(self));
    // Read after the whole list: a child missing here is elsewhere, or gone.
    Set<Long> onMain = new HashSet<>(proc.threadChildren(self, self));
    // Before the reaping: an orphan reaped here was adopted after a look at every task's tree.
    attribution.lineage().forgetGone(census(children), proc);
    for (long child : children) {
      if (SpawnedChildren.spawned(child)) {
        continue;
      }
      if (proc.childrenFiles() && !onMain.contains(child) && strays.add(child)) {
        LOG.info("Adopted process {} is not a child of the executor's main thread", child);
      }
      if (proc.stat(child).map(Proc::zombie).orElse(false) && SpawnedChildren.reap(libc, child)) {
        reaped++;
      }
    }
    strays.retainAll(children);
    attribution.forgetGone(children);
    return reaped;
  }

  /**
   * Remembers the task of every process in the trees of the running tasks, and in those of the
   * adopted orphans that can be attributed (by the task they were seen in, else by their marker);
   * returns the pids seen. Costs a few reads per task process.
   */
  private Set<Long> census(Set<Long> children) {
    Set<Long> seen = new HashSet<>();
    leaders.forEach((leader, marker) -> walk(leader, marker, seen));
    for (long child : children) {
      if (SpawnedChildren.spawned(child) || seen.contains(child)) {
        continue;
      }
      Optional<Proc> st = proc.stat(child);
      if (st.isPresent() && !st.get().zombie()) {
        attribution.taskOf(st.get()).ifPresent(marker -> walk(child, marker, seen));
      }
    }
    return seen;
  }

  private void walk(long root, String marker, Set<Long> seen) {
    Deque<Long> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (!seen.add(pid)) {
        continue;
      }
      Optional<Proc> st = proc.stat(pid);
      if (st.isPresent() && !st.get().zombie()) {
        attribution.lineage().remember(st.get(), marker);
        todo.addAll(proc.children(pid));
      }
    }
  }
}
