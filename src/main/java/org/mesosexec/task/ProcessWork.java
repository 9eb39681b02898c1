package org.mesosexec.task;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;

/** Work that is an OS process tree: the {@link WorkRunner} seam over a {@link ProcessLauncher}. */
final class ProcessWork implements WorkRunner {
  private final ProcessLauncher launcher;

  ProcessWork(ProcessLauncher launcher) {
    this.launcher = Objects.requireNonNull(launcher);
  }

  @Override
  public void checkUser(Optional<String> user) throws LaunchException {
    launcher.checkUser(user);
  }

  @Override
  public RunningWork start(LaunchRequest request) throws LaunchException {
    return new Running(launcher.launch(request));
  }

  /** A started process tree. */
  private record Running(TaskProcess process) implements RunningWork {
    @Override
    public OptionalLong pid() {
      return OptionalLong.of(process.pid());
    }

    @Override
    public CompletionStage<ExitStatus> ended() {
      return process.onExit();
    }

    @Override
    public List<Long> remaining() {
      return process.remaining();
    }

    @Override
    public int stop(Signal signal) {
      return process.signalAll(signal);
    }

    @Override
    public int stopNewcomers() {
      return process.signalNewcomers();
    }
  }
}
