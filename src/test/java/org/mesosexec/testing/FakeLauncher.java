package org.mesosexec.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;

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
  public synchronized TaskProcess launch(LaunchRequest request) throws LaunchException {
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

  /** A process that exits when told to, or when it gets a signal that it does not ignore. */
  public static final class FakeProcess implements TaskProcess {
    private final long pid;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final List<Signal> signals = new ArrayList<>();
    private boolean ignoresSigterm;
    private boolean unkillable;

    FakeProcess(long pid) {
      this.pid = pid;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public CompletionStage<ExitStatus> onExit() {
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
    public void signalGroup(Signal signal) {
      boolean dies;
      synchronized (this) {
        signals.add(signal);
        dies = !unkillable && (signal == Signal.KILL || (signal == Signal.TERM && !ignoresSigterm));
      }
      if (dies) {
        exitWith(ExitStatus.fromJvm(128 + signal.number()));
      }
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
