package org.mesosexec.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.ProcFs.Proc;
import org.mesosexec.work.Signal;

/**
 * Kills, at the executor's exit, every process left by its tasks: with a subreaper, everything it
 * adopted and their descendants; without, every process that carries one of its markers. Other
 * executors in the same JVM (tests run several) keep theirs. Runs once, on the exiting thread.
 */
final class ExitKill {
  private static final Logger LOG = LogManager.getLogger(ExitKill.class);

  /** The tokens of the trackers of this JVM that have not yet killed what they adopted. */
  private static final Set<String> liveTokens = ConcurrentHashMap.newKeySet();

  private final ProcFs proc;
  private final Optional<LibC> libc;
  private final Attribution attribution;
  private final String token;
  private final long self;

  /**
   * @param token the marker prefix of the tracker's tasks, live until {@link #kill}
   */
  ExitKill(ProcFs proc, Optional<LibC> libc, Attribution attribution, String token, long self) {
    this.proc = Objects.requireNonNull(proc);
    this.libc = Objects.requireNonNull(libc);
    this.attribution = Objects.requireNonNull(attribution);
    this.token = Objects.requireNonNull(token);
    this.self = self;
    liveTokens.add(token);
  }

  /** See {@link ProcessTracker#killAdopted}. */
  int kill(Duration bound, boolean subreaper) {
    liveTokens.remove(token);
    long end = System.nanoTime() + bound.toNanos();
    Set<Long> killed = new HashSet<>();
    while (true) {
      List<Long> targets = subreaper ? adoptedTrees() : markedProcesses();
      if (targets.isEmpty() || System.nanoTime() > end) {
        if (!targets.isEmpty()) {
          LOG.warn(
              "Processes {} still present {} after the executor began to kill them",
              targets,
              bound);
        }
        break;
      }
      for (long pid : targets) {
        killed.add(pid);
        if (libc.isPresent()) {
          libc.get().kill((int) pid, Signal.KILL.number());
        } else {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      LockSupport.parkNanos(1_000_000);
    }
    if (!killed.isEmpty()) {
      LOG.warn(
          "Killed {} process(es) left by tasks at the executor's exit: {}", killed.size(), killed);
    }
    return killed.size();
  }

  /**
   * The live processes the executor adopted and all their descendants, but those of another
   * executor in this JVM; reaps the adopted zombies on the way.
   */
  private List<Long> adoptedTrees() {
    List<Long> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (long child : proc.children(self)) {
      Optional<Proc> st = SpawnedChildren.spawned(child) ? Optional.empty() : proc.stat(child);
      if (st.isEmpty() || ofAnotherExecutor(st.get())) {
        continue;
      }
      if (st.get().zombie()) {
        SpawnedChildren.reap(libc, child);
        continue;
      }
      Deque<Long> todo = new ArrayDeque<>(List.of(child));
      while (!todo.isEmpty()) {
        long pid = todo.poll();
        Optional<Proc> p = proc.stat(pid);
        if (seen.add(pid) && p.isPresent() && !p.get().zombie()) {
          out.add(pid);
          todo.addAll(proc.children(pid));
        }
      }
    }
    return out;
  }

  private boolean ofAnotherExecutor(Proc p) {
    return attribution
        .taskOf(p)
        .map(m -> m.contains("-") && liveTokens.contains(m.substring(0, m.indexOf('-'))))
        .orElse(false);
  }

  /** Without a subreaper: the live processes that carry one of this executor's markers. */
  private List<Long> markedProcesses() {
    List<Long> out = new ArrayList<>();
    for (Proc p : proc.scan()) {
      if (p.pid() != self
          && !p.zombie()
          && attribution.markerOf(p).value().map(m -> m.startsWith(token + "-")).orElse(false)) {
        out.add(p.pid());
      }
    }
    return out;
  }
}
