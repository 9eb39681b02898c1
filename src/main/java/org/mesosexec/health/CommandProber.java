package org.mesosexec.health;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.health.Prober.Attempt;
import org.mesosexec.health.Prober.Target;
import org.mesosexec.process.LastLine;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Runs command checks through the executor's launcher, as the task's user, in its own session: the
 * whole tree is killed on abort and when the command exits. Output goes to a new file in the task's
 * directory; its last line goes into the outcome. Thread-safe.
 */
final class CommandProber {
  /** How much of a command check's output is read for the status message. */
  private static final int OUTPUT_TAIL = 4096;

  private static final int MAX_LINE = 512;

  private final ProcessLauncher launcher;
  private final Executor workers;
  private final SandboxFiles files;
  private final Path root;

  CommandProber(ProcessLauncher launcher, Executor workers, SandboxFiles files, Path root) {
    this.launcher = Objects.requireNonNull(launcher);
    this.workers = Objects.requireNonNull(workers);
    this.files = Objects.requireNonNull(files);
    this.root = Objects.requireNonNull(root);
  }

  Attempt start(Probe.Command probe, Target target) {
    Map<String, String> env = new HashMap<>(target.environment());
    env.putAll(probe.env());
    OpenFile output;
    try {
      // A new file each time, never one a task left there (a link, a FIFO, a hard link).
      output = files.replace(root, target.output());
    } catch (IOException e) {
      return Attempt.done(
          Outcome.noAnswer(
              probe,
              "the command could not start: cannot make its" + " output file: " + e.getMessage()));
    }
    RunningWork process;
    try {
      process =
          launcher.launch(
              new LaunchRequest(
                  probe.argv(),
                  env,
                  target.directory(),
                  output.path(),
                  output.path(),
                  probe.user().or(target::user)));
    } catch (LaunchException e) {
      output.close();
      return Attempt.done(
          Outcome.noAnswer(probe, "the command could not start: " + e.getMessage()));
    }
    CompletableFuture<Outcome> result =
        process
            .ended()
            .toCompletableFuture()
            .thenApplyAsync(status -> ended(process, status, output.path()), workers);
    result.whenComplete((outcome, error) -> output.close());
    return new Attempt(result, () -> process.stop(Signal.KILL));
  }

  private static Outcome ended(RunningWork process, ExitStatus status, Path output) {
    if (!process.remaining().isEmpty()) {
      process.stop(Signal.KILL); // a check must not leave processes behind
    }
    String detail =
        status.describe()
            + LastLine.ofFile(output, OUTPUT_TAIL, MAX_LINE).map(l -> ": " + l).orElse("");
    CheckStatusInfo checkStatus =
        CheckStatusInfo.newBuilder()
            .setType(CheckInfo.Type.COMMAND)
            .setCommand(CheckStatusInfo.Command.newBuilder().setExitCode(status.exitCode()))
            .build();
    return new Outcome(status.exitCode() == 0 && status.signal().isEmpty(), detail, checkStatus);
  }
}
