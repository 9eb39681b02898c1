package org.mesosexec.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.ProcFs.Proc;

/**
 * Knows which processes belong to which task, including the ones that got away: the executor
 * makes itself a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}), so a task process whose
 * parent dies (a double-forked daemon, {@code nohup cmd &}) is re-parented to the executor instead
 * of to init. Each task's processes carry a marker in their environment ({@link #MARKER_VARIABLE})
 * that says which task an adopted orphan came from. The executor reaps the orphans it adopts, so
 * they never linger as zombies; the processes it spawned itself stay the JDK's to reap.
 *
 * <p>Without a subreaper (no JNA, not Linux, an old kernel), orphans are found by their session
 * and process group, and by the marker only while re-parented to init.
 */
public final class ProcessTracker {
  private static final Logger LOG = LogManager.getLogger(ProcessTracker.class);
  /** The variable in every task process's environment that names its task run. */
  public static final String MARKER_VARIABLE = "MESOS_EXECUTOR_TASK_MARKER";

  private final ProcFs proc;
  private final Optional<LibC> libc;
  private final boolean subreaper;
  private final long self = ProcessHandle.current().pid();
  private final String token = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong runs = new AtomicLong();
  /**
   * Children the JDK spawned and will reap: never reaped here, or their exit status is lost. One
   * set for the JVM, as the subreaper flag is the process's.
   */
  private static final Set<Long> spawned = ConcurrentHashMap.newKeySet();
  private static final Object reapLock = new Object();
  private final Map<Key, Optional<String>> markers = new ConcurrentHashMap<>();
  /** Which task each process was seen in while its ancestry showed it. */
  private final Lineage lineage = new Lineage();
  /** The first process of every task still running, and its marker, for the periodic look. */
  private final Map<Long, String> leaders = new ConcurrentHashMap<>();
  /**
   * Non-spawned children of the executor found on another thread than the main one (which the
   * kernel hands adopted orphans to): looked at by every look too. Normally always empty.
   */
  private final Set<Long> strays = ConcurrentHashMap.newKeySet();
  /** The tokens of the trackers of this JVM that have not yet killed what they adopted. */
  private static final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
  private final Map<Key, Long> unreadable = new ConcurrentHashMap<>();
  /** Reads of an environment in a row before a look gives up on it (an exec is brief). */
  private static final int READ_ATTEMPTS = 5;
  /** How long a process whose environment reads empty counts as maybe the task's. */
  private static final java.time.Duration UNSURE_FOR = java.time.Duration.ofSeconds(2);
  /** How many times the executor's children are listed before a look at a task ends anyway. */
  private static final int MAX_ROUNDS = 10;

  private record Key(long pid, long startTime) {}

  /**
   * A task's processes as one look at {@code /proc} found them.
   *
   * @param procs the processes known to be the task's
   * @param unsure adopted processes whose environment could not be read just now (for example in
   *     the middle of an exec): maybe the task's, so look again
   */
  record Members(List<Proc> procs, List<Long> unsure) {}

  ProcessTracker(ProcFs proc, Optional<LibC> libc, boolean subreaper) {
    this.proc = proc;
    this.libc = libc;
    this.subreaper = subreaper;
    liveTokens.add(token);
  }

  /** Makes the executor a child subreaper if it can, and says in the log whether it is one. */
  public static ProcessTracker start(Optional<LibC> libc) {
    ProcFs proc = new ProcFs(Path.of("/proc"));
    boolean subreaper = false;
    if (libc.isPresent() && proc.available()) {
      subreaper = libc.get().prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
      if (!subreaper) {
        LOG.warn("prctl(PR_SET_CHILD_SUBREAPER) failed (errno {}); daemonized task processes are"
            + " found by session and process group only", LibC.errno());
      }
    } else {
      LOG.warn("No libc or no /proc: task processes are tracked by process group only");
    }
    LOG.info("Process tracking: subreaper {}, /proc {}", subreaper, proc.available());
    return new ProcessTracker(proc, libc, subreaper);
  }

  /** Whether orphaned task processes are re-parented to this executor. */
  public boolean subreaper() {
    return subreaper;
  }

  /** A new marker value for one task process tree. */
  String newMarker() {
    return token + "-" + runs.incrementAndGet();
  }

  /**
   * Watches a task's first process while it runs: the periodic look ({@link #reapOrphans})
   * remembers every process of its tree, so that one that later leaves the tree is still its own.
   */
  void track(long leader, String marker) {
    leaders.put(leader, marker);
  }

  /** The task's first process has exited: its tree is no longer walked from it. */
  void untrack(long leader) {
    leaders.remove(leader);
  }

  /**
   * The executor's children that may be adopted orphans. The kernel re-parents an orphan to the
   * first live thread of the subreaper, its main thread, so one read of that thread's children
   * finds them, however many threads the JVM has (one per running task process, the JDK's
   * reapers): the whole list of every thread's children costs a read per thread, and reading it
   * on every look made a shutdown of many tasks quadratic. The periodic look reads the whole
   * list and adds what it finds elsewhere ({@link #strays}).
   */
  private List<Long> adoptable() {
    if (!proc.childrenFiles()) {
      return proc.children(self);
    }
    List<Long> out = new ArrayList<>(proc.threadChildren(self, self));
    out.addAll(strays);
    return out;
  }

  /**
   * Starts a process the JDK will reap; every child process of the executor must start here, or
   * the orphan reaper could take its exit status from the JDK.
   */
  public Process spawn(ProcessBuilder builder) throws IOException {
    synchronized (reapLock) {
      Process p = builder.start();
      long pid = p.pid();
      spawned.add(pid);
      p.onExit().whenComplete((x, e) -> spawned.remove(pid));
      return p;
    }
  }

  /**
   * The processes of one task that still exist (zombies included, except the executor's own
   * adopted ones, which are reaped on the way).
   *
   * @param leader the task's first process, leader of its session
   * @param leaderLive whether the JDK has not yet reaped the leader (its pid is still the task's)
   * @param marker the task's {@link #MARKER_VARIABLE} value
   */
  Members members(long leader, boolean leaderLive, String marker) {
    if (!proc.available()) {
      return new Members(leaderLive ? List.of(new Proc(leader, 'R', self, leader, leader, 0))
          : List.of(), List.of());
    }
    return subreaper ? subtreeMembers(leader, leaderLive, marker)
        : new Members(scanMembers(leader, leaderLive, marker), List.of());
  }

  private Members subtreeMembers(long leader, boolean leaderLive, String marker) {
    List<Long> roots = new ArrayList<>();
    List<Long> unsure = new ArrayList<>();
    if (leaderLive) {
      roots.add(leader);
    }
    // A process that dies while this runs re-parents its children to the executor: read the
    // executor's children again until a read shows none that has not been looked at.
    Set<Long> looked = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean fresh = false;
      for (long child : adoptable()) {
        if (!looked.add(child) || child == leader || spawned.contains(child)) {
          continue;
        }
        fresh = true;
        Optional<Proc> st = proc.stat(child);
        if (st.isEmpty()) {
          continue;
        }
        if (st.get().zombie()) {
          reap(child);
          continue;
        }
        Optional<Boolean> marked = st.get().sid() == leader ? Optional.of(true)
            : belongs(st.get(), marker);
        if (marked.isEmpty()) {
          unsure.add(child);
        } else if (marked.get()) {
          roots.add(child);
        }
      }
      if (!fresh) {
        break;
      }
    }
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
      lineage.remember(st.get(), marker);
      if (!st.get().zombie()) {
        todo.addAll(proc.children(pid));
      }
    }
    return new Members(out, unsure);
  }

  /** Without a subreaper: the leader's session and group, their descendants, marked orphans. */
  private List<Proc> scanMembers(long leader, boolean leaderLive, String marker) {
    List<Proc> all = proc.scan();
    Set<Long> member = new HashSet<>();
    for (Proc p : all) {
      boolean ours = (p.pid() == leader && leaderLive)
          || (p.pid() != leader && (p.sid() == leader || p.pgid() == leader))
          || (p.ppid() == 1 && isMarked(p, marker).orElse(false));
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

  /**
   * Whether an adopted process is the task's: by the task it was seen in while its ancestry was
   * visible, whatever its environment says now; else by its marker.
   */
  private Optional<Boolean> belongs(Proc p, String marker) {
    Optional<String> seenIn = lineage.taskOf(p);
    return seenIn.isPresent() ? Optional.of(seenIn.get().equals(marker)) : isMarked(p, marker);
  }

  /**
   * Whether the process carries {@code marker}; empty when its environment cannot be read just
   * now. An answer is remembered for the process (pid and start time); not knowing is not, so the
   * next look reads it again and a process found late is still the task's.
   */
  private Optional<Boolean> isMarked(Proc p, String marker) {
    Key key = new Key(p.pid(), p.startTime());
    ProcFs.Variable v = markerOf(p);
    if (!v.known()) {
      // Unreadable for a moment (a process in an exec, or in a chain of them), or for good (an
      // empty environment, as after env -i): maybe the task's for a while, then not counted,
      // but never settled: the next look reads it again.
      long now = System.nanoTime();
      long since = unreadable.computeIfAbsent(key, k -> now);
      return now - since < UNSURE_FOR.toNanos() ? Optional.empty() : Optional.of(false);
    }
    return Optional.of(marker.equals(v.value().orElse(null)));
  }

  /** The marker in the process's environment, read once and remembered when it could be. */
  private ProcFs.Variable markerOf(Proc p) {
    Key key = new Key(p.pid(), p.startTime());
    Optional<String> known = markers.get(key);
    if (known != null) {
      return new ProcFs.Variable(true, known);
    }
    ProcFs.Variable v = ProcFs.Variable.UNKNOWN;
    for (int attempt = 0; attempt < READ_ATTEMPTS && !v.known(); attempt++) {
      v = proc.environmentVariable(p.pid(), MARKER_VARIABLE);
    }
    if (v.known()) {
      unreadable.remove(key);
      markers.put(key, v.value());
    }
    return v;
  }

  /**
   * Reaps every zombie the executor adopted and did not spawn, and first remembers the task of
   * every process in the tasks' trees (see {@link Lineage}); returns how many it reaped. A read
   * per executor thread and a few per task process: run every second or so.
   */
  public int reapOrphans() {
    if (!subreaper) {
      return 0;
    }
    int reaped = 0;
    Set<Long> children = new HashSet<>(proc.children(self));
    // Read after the whole list: a child missing here is elsewhere, or gone.
    Set<Long> onMain = new HashSet<>(proc.threadChildren(self, self));
    // Before the reaping: an orphan reaped here was adopted after a look at every task's tree.
    lineage.forgetGone(census(children), proc);
    for (long child : children) {
      if (spawned.contains(child)) {
        continue;
      }
      if (proc.childrenFiles() && !onMain.contains(child) && strays.add(child)) {
        LOG.info("Adopted process {} is not a child of the executor's main thread", child);
      }
      if (proc.stat(child).map(Proc::zombie).orElse(false) && reap(child)) {
        reaped++;
      }
    }
    strays.retainAll(children);
    markers.keySet().removeIf(k -> !children.contains(k.pid()) && proc.stat(k.pid()).isEmpty());
    unreadable.keySet().removeIf(k -> proc.stat(k.pid()).isEmpty());
    return reaped;
  }

  /**
   * Remembers the task of every process in the trees of the running tasks, and in those of the
   * adopted orphans that can be attributed (by the task they were seen in, else by their marker);
   * returns the pids seen. Costs a few reads per task process; run once a second or so.
   */
  private Set<Long> census(Set<Long> children) {
    Set<Long> seen = new HashSet<>();
    leaders.forEach((leader, marker) -> walk(leader, marker, seen));
    for (long child : children) {
      if (spawned.contains(child) || seen.contains(child)) {
        continue;
      }
      Optional<Proc> st = proc.stat(child);
      if (st.isPresent() && !st.get().zombie()) {
        taskOf(st.get()).ifPresent(marker -> walk(child, marker, seen));
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
        lineage.remember(st.get(), marker);
        todo.addAll(proc.children(pid));
      }
    }
  }

  /** The task run of a process: the one it was seen in, else its marker's, if it has one. */
  private Optional<String> taskOf(Proc p) {
    return lineage.taskOf(p).or(() -> markerOf(p).value());
  }

  /**
   * Kills, at the executor's exit, every process it adopted, whatever its marker says, with
   * everything that descends from it: the orphans of the tasks that were never attributed to one
   * (no marker, a forged one, gone before a look). Without a subreaper, every process that
   * carries one of this executor's markers. Bounded by {@code bound}; returns how many processes
   * got SIGKILL.
   */
  public int killAdopted(Duration bound) {
    liveTokens.remove(token);
    long end = System.nanoTime() + bound.toNanos();
    Set<Long> killed = new HashSet<>();
    while (true) {
      List<Long> targets = subreaper ? adoptedTrees() : markedProcesses();
      if (targets.isEmpty() || System.nanoTime() > end) {
        if (!targets.isEmpty()) {
          LOG.warn("Processes {} still present {} after the executor began to kill them",
              targets, bound);
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
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    if (!killed.isEmpty()) {
      LOG.warn("Killed {} process(es) left by tasks at the executor's exit: {}", killed.size(),
          killed);
    }
    return killed.size();
  }

  /**
   * The live processes the executor adopted and all their descendants, but those of another
   * executor in this JVM (tests run several); reaps the adopted zombies on the way.
   */
  private List<Long> adoptedTrees() {
    List<Long> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (long child : proc.children(self)) {
      Optional<Proc> st = spawned.contains(child) ? Optional.empty() : proc.stat(child);
      if (st.isEmpty() || ofAnotherExecutor(st.get())) {
        continue;
      }
      if (st.get().zombie()) {
        reap(child);
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
    return taskOf(p).map(m -> m.contains("-") && liveTokens.contains(m.substring(0, m.indexOf('-'))))
        .orElse(false);
  }

  /** Without a subreaper: the live processes that carry one of this executor's markers. */
  private List<Long> markedProcesses() {
    List<Long> out = new ArrayList<>();
    for (Proc p : proc.scan()) {
      if (p.pid() != self && !p.zombie()
          && markerOf(p).value().map(m -> m.startsWith(token + "-")).orElse(false)) {
        out.add(p.pid());
      }
    }
    return out;
  }

  private boolean reap(long pid) {
    synchronized (reapLock) {
      if (spawned.contains(pid) || libc.isEmpty()) {
        return false;
      }
      int r = libc.get().waitpid((int) pid, new int[1], LibC.WNOHANG);
      if (r == pid) {
        LOG.debug("Reaped orphaned process {}", pid);
        return true;
      }
      return false;
    }
  }
}
