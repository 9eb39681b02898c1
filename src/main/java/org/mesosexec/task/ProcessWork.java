package org.mesosexec.task;

import java.util.Objects;
import java.util.Optional;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.work.RunningWork;

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
    return launcher.launch(request);
  }
}
