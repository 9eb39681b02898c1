package org.mesosexec.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.process.ProcFs.Proc;

/**
 * Knows which processes belong to which task, including the ones that got away: the executor makes
 * itself a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}), so a task process whose parent
 * dies (a double-forked daemon, {@code nohup cmd &}) is re-parented to the executor instead of to
 * init. Each task's processes carry a marker in their environment ({@link #MARKER_VARIABLE}) that
 * says which task an adopted orphan came from. The executor reaps the orphans it adopts, so they
 * never linger as zombies; the processes it spawned itself are reaped by whoever waits for them by
 * pid: the one {@link ChildReaper} for task processes started through {@link PosixSpawn}, the JDK
 * for the rest.
 *
 * <p>Without a subreaper (no JNA, not Linux, an old kernel), orphans are found by their session and
 * process group, and by the marker only while re-parented to init.
 */
public final class ProcessTracker {
  private static final Logger LOG = LogManager.getLogger(ProcessTracker.class);

  /** The variable in every task process's environment that names its task run. */
  public static final String MARKER_VARIABLE = "MESOS_EXECUTOR_TASK_MARKER";

  private final boolean subreaper;
  private final long self = ProcessHandle.current().pid();
  private final String token = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong runs = new AtomicLong();
  private final OrphanReaper reaper;
  private final TreeLook look;
  private final ExitKill exitKill;
  private final Optional<Native> spawner;

  /** What starts task processes without the JDK: posix_spawn, a pidfd reaper, and libc. */
  private record Native(PosixSpawn spawn, ChildReaper reaper, LibC libc) {}

  /**
   * A task's processes as one look at {@code /proc} found them.
   *
   * @param procs the processes known to be the task's
   * @param unsure adopted processes whose environment could not be read just now (for example in
   *     the middle of an exec): maybe the task's, so look again
   */
  record Members(List<Proc> procs, List<Long> unsure) {}

  ProcessTracker(ProcFs proc, Optional<LibC> libc, boolean subreaper) {
    this.subreaper = subreaper;
    Attribution attribution = new Attribution(proc);
    this.reaper = new OrphanReaper(proc, libc, attribution, self);
    this.look = new TreeLook(proc, libc, attribution, reaper.strays(), self);
    this.exitKill = new ExitKill(proc, libc, attribution, token, self);
    this.spawner =
        libc.flatMap(
            c ->
                PosixSpawn.load(c)
                    .flatMap(s -> ChildReaper.shared(c).map(r -> new Native(s, r, c))));
  }

  /** Makes the executor a child subreaper if it can, and says in the log whether it is one. */
  public static ProcessTracker start(Optional<LibC> libc) {
    ProcFs proc = new ProcFs(Path.of("/proc"));
    boolean subreaper = false;
    if (libc.isPresent() && proc.available()) {
      subreaper = libc.get().prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
      if (!subreaper) {
        LOG.warn(
            "prctl(PR_SET_CHILD_SUBREAPER) failed (errno {}); daemonized task processes are"
                + " found by session and process group only",
            LibC.errno());
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
   * Watches a task's first process while it runs, until it exits: the periodic look ({@link
   * #reapOrphans}) remembers every process of its tree, so that one that later leaves the tree is
   * still its own.
   *
   * @param marker the {@link #MARKER_VARIABLE} value {@code process} was started with
   */
  TaskTree track(Process process, String marker) {
    long leader = process.pid();
    reaper.track(leader, marker);
    process.onExit().whenComplete((p, e) -> reaper.untrack(leader));
    return new TaskTree(process, marker, this);
  }

  /**
   * Starts a process the JDK will reap; every child process of the executor must start here, or the
   * orphan reaper could take its exit status from the JDK.
   */
  public Process spawn(ProcessBuilder builder) throws IOException {
    return SpawnedChildren.spawn(builder);
  }

  /**
   * Starts a task process in a session of its own, reaped by the one {@link ChildReaper}: see
   * {@link PosixSpawn#start}. Empty when this host cannot (no libc, posix_spawn or pidfd): the task
   * process must then be started through {@link #spawn}.
   */
  Optional<Process> spawnTask(
      List<String> command, Map<String, String> env, Path dir, Path stdout, Path stderr)
      throws LaunchException {
    if (spawner.isEmpty()) {
      return Optional.empty();
    }
    Native n = spawner.get();
    return Optional.of(
        SpawnedProcess.start(
            () -> n.spawn().start(command, env, dir, stdout, stderr), n.reaper(), n.libc()));
  }

  /**
   * The processes of one task that still exist (zombies included, except the executor's own adopted
   * ones, which are reaped on the way).
   *
   * @param leader the task's first process, leader of its session
   * @param leaderLive whether the JDK has not yet reaped the leader (its pid is still the task's)
   * @param marker the task's {@link #MARKER_VARIABLE} value
   */
  Members members(long leader, boolean leaderLive, String marker) {
    return look.members(leader, leaderLive, marker, subreaper);
  }

  /**
   * Reaps every zombie the executor adopted and did not spawn, and first remembers the task of
   * every process in the tasks' trees (see {@link Lineage}); returns how many it reaped. A read per
   * executor thread and a few per task process: run every second or so.
   */
  public int reapOrphans() {
    return subreaper ? reaper.reap() : 0;
  }

  /**
   * Kills, at the executor's exit, every process it adopted, whatever its marker says, with
   * everything that descends from it: the orphans of the tasks that were never attributed to one
   * (no marker, a forged one, gone before a look). Without a subreaper, every process that carries
   * one of this executor's markers. Bounded by {@code bound}; returns how many processes got
   * SIGKILL.
   */
  public int killAdopted(Duration bound) {
    return exitKill.kill(bound, subreaper);
  }
}
