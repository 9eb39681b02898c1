package org.mesosexec.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.mesosexec.process.ProcFs.Proc;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Work that is an OS process tree, started by {@link OsProcessLauncher}: the JVM's child process,
 * leader of its own session and process group, and every process that descends from it, daemons
 * included. A signal ({@link #stop}) goes to the whole tree, frozen first with SIGSTOP until a
 * listing finds no new process, so that nothing can fork a child that escapes it, and resumed after
 * with SIGCONT so that the processes can act on the signal. Signalling is serialized per task and
 * may block for a few milliseconds (the tree is listed until it stops growing).
 */
final class OsTaskProcess implements RunningWork {
  /** How many times the tree is listed and stopped before the signal goes out anyway. */
  private static final int FREEZE_ROUNDS = 40;

  /** How long a kill waits for adopted processes whose environment cannot be read yet. */
  private static final java.time.Duration UNSURE_WAIT = java.time.Duration.ofMillis(50);

  private final TaskTree tree;
  private final boolean ownGroup;
  private final Signaller signaller;
  private final Set<Long> signalled = new HashSet<>();
  private Signal lastSignal;

  /**
   * @param ownGroup whether the first process was started through setsid and so leads its own group
   */
  OsTaskProcess(TaskTree tree, boolean ownGroup, Signaller signaller) {
    this.tree = Objects.requireNonNull(tree);
    this.ownGroup = ownGroup;
    this.signaller = Objects.requireNonNull(signaller);
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(tree.pid());
  }

  @Override
  public CompletionStage<ExitStatus> ended() {
    return tree.exit();
  }

  /** The task's processes, and those that may be (counted until they can be told apart). */
  @Override
  public List<Long> remaining() {
    ProcessTracker.Members now = tree.look();
    List<Long> left = new ArrayList<>(now.procs().stream().map(Proc::pid).toList());
    if (tree.alive() && !left.contains(tree.pid())) {
      left.add(0, tree.pid());
    }
    left.addAll(now.unsure());
    return left;
  }

  @Override
  public synchronized int stop(Signal signal) {
    // The group first, at once: in the common case that is the whole tree.
    boolean group = ownGroup && signaller.signalGroup(tree.pid(), Signal.STOP);
    if (!group && tree.alive()) {
      signaller.signalProcess(tree.pid(), Signal.STOP); // setsid may not have run yet
    }
    Set<Long> stopped = freeze();
    for (long pid : stopped) {
      signaller.signalProcess(pid, signal);
    }
    if (group) {
      signaller.signalGroup(tree.pid(), signal);
    }
    resume(stopped, signal);
    if (group && signal != Signal.KILL) {
      signaller.signalGroup(tree.pid(), Signal.CONT);
    }
    lastSignal = signal;
    signalled.addAll(stopped);
    return stopped.size();
  }

  /**
   * Stops every process of the tree, listing it again until a look finds no new one (and no process
   * that may be the task's, for a short while); returns the processes stopped.
   */
  private Set<Long> freeze() {
    Set<Long> stopped = new LinkedHashSet<>();
    long giveUp = System.nanoTime() + UNSURE_WAIT.toNanos();
    for (int round = 0; round < FREEZE_ROUNDS; round++) {
      ProcessTracker.Members now = tree.look();
      boolean fresh = false;
      for (Proc p : now.procs()) {
        if (!p.zombie() && stopped.add(p.pid())) {
          signaller.signalProcess(p.pid(), Signal.STOP);
          fresh = true;
        }
      }
      if (!fresh && (now.unsure().isEmpty() || System.nanoTime() > giveUp)) {
        break;
      }
      if (!fresh) {
        pause(); // an adopted process in the middle of an exec: its environment shows soon
      }
    }
    if (stopped.isEmpty() && tree.alive()) {
      stopped.add(tree.pid()); // no /proc: the first process at least
    }
    return stopped;
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized int stopNewcomers() {
    if (lastSignal == null) {
      return 0;
    }
    List<Long> late = new ArrayList<>();
    for (Proc p : tree.look().procs()) {
      if (!p.zombie() && signalled.add(p.pid())) {
        signaller.signalProcess(p.pid(), Signal.STOP);
        late.add(p.pid());
      }
    }
    for (long pid : late) {
      signaller.signalProcess(pid, lastSignal);
    }
    resume(late, lastSignal);
    return late.size();
  }

  private void resume(Collection<Long> pids, Signal after) {
    if (after != Signal.KILL) {
      for (long pid : pids) {
        signaller.signalProcess(pid, Signal.CONT);
      }
    }
  }
}
