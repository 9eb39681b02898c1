package org.mesosexec.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * A {@link ProcessLauncher} whose processes are puppets: a test decides when they exit and sees
 * which signals they got. It can also be told to fail the next launches.
 */
public final class FakeLauncher implements ProcessLauncher {
  private final List<FakeProcess> launched = new ArrayList<>();
  private final List<LaunchRequest> requests = new ArrayList<>();
  private String failWith;
  private long nextPid = 1000;

  /** Makes every later launch fail with this OS error. */
  public synchronized void failLaunchesWith(String error) {
    failWith = error;
  }

  @Override
  public synchronized RunningWork launch(LaunchRequest request) throws LaunchException {
    requests.add(request);
    if (failWith != null) {
      throw new LaunchException(failWith);
    }
    FakeProcess p = new FakeProcess(nextPid++);
    launched.add(p);
    return p;
  }

  public synchronized List<FakeProcess> launched() {
    return List.copyOf(launched);
  }

  public synchronized List<LaunchRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * A task whose first process exits when told to, or when it gets a signal that it does not
   * ignore; it may have left other processes behind, which end on signals the same way.
   */
  public static final class FakeProcess implements RunningWork {
    private final long pid;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final List<Signal> signals = new ArrayList<>();
    private final List<Long> leftovers = new ArrayList<>();
    private boolean ignoresSigterm;
    private boolean unkillable;
    private boolean leftoversIgnoreSigterm;

    FakeProcess(long pid) {
      this.pid = pid;
    }

    /**
     * Gives the task {@code n} more processes (say, started with {@code &}) that outlive the first
     * one until a signal ends them; {@code ignoreSigterm} makes them wait for SIGKILL.
     */
    public synchronized void leaveBehind(int n, boolean ignoreSigterm) {
      for (int i = 1; i <= n; i++) {
        leftovers.add(pid * 100 + leftovers.size() + 1);
      }
      leftoversIgnoreSigterm = ignoreSigterm;
    }

    /** Ends the left-behind processes as if they exited by themselves. */
    public synchronized void leftoversExit() {
      leftovers.clear();
    }

    @Override
    public synchronized List<Long> remaining() {
      List<Long> left = new ArrayList<>();
      if (!exit.isDone()) {
        left.add(pid);
      }
      left.addAll(leftovers);
      return left;
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(pid);
    }

    @Override
    public CompletionStage<ExitStatus> ended() {
      return exit;
    }

    /** From now on SIGTERM does not end this process (a task that traps it). */
    public synchronized void ignoreSigterm() {
      ignoresSigterm = true;
    }

    /** From now on not even SIGKILL ends it (a process stuck in uninterruptible sleep). */
    public synchronized void ignoreAllSignals() {
      ignoresSigterm = true;
      unkillable = true;
    }

    @Override
    public int stop(Signal signal) {
      boolean dies;
      int count;
      synchronized (this) {
        count = remaining().size();
        signals.add(signal);
        dies = !unkillable && (signal == Signal.KILL || (signal == Signal.TERM && !ignoresSigterm));
        if (signal == Signal.KILL || (signal == Signal.TERM && !leftoversIgnoreSigterm)) {
          leftovers.clear();
        }
      }
      if (dies && !exit.isDone()) {
        exitWith(ExitStatus.fromJvm(128 + signal.number()));
      }
      return count;
    }

    @Override
    public int stopNewcomers() {
      return 0; // a puppet's processes are all known from the start
    }

    /** Ends the process as if it exited by itself. */
    public void exitWith(ExitStatus status) {
      exit.complete(status);
    }

    public synchronized List<Signal> signals() {
      return List.copyOf(signals);
    }
  }
}
