package org.mesosexec.jvmwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.jvm.JvmOutcome;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;
import org.mesosexec.work.WorkResult;

/**
 * A JVM task in a child JVM: the child's process tree, supervised as any process task, and once it
 * has exited the outcome it left in its task directory ({@code .jvm-outcome}) as the {@link
 * #result}. No outcome file (the child was killed, or called {@code System.exit}) leaves the exit
 * status to speak, as for a command. Thread-safe.
 */
public final class ChildJvmWork implements RunningWork {
  private static final Logger LOG = LogManager.getLogger(ChildJvmWork.class);

  /** The child's request file, in its task directory. */
  public static final String REQUEST_FILE = ".jvm-request";

  private final RunningWork process;
  private final CompletableFuture<ExitStatus> ended;
  private volatile WorkResult result;

  /**
   * @param process the child JVM's process
   * @param outcome where the child writes its outcome
   */
  public ChildJvmWork(RunningWork process, Path outcome) {
    this.process = Objects.requireNonNull(process);
    Objects.requireNonNull(outcome);
    // The outcome is read before the exit is reported, so that the terminal update can carry it.
    this.ended =
        process
            .ended()
            .toCompletableFuture()
            .thenApply(
                status -> {
                  result = read(outcome).orElse(null);
                  return status;
                });
  }

  private static Optional<WorkResult> read(Path file) {
    // The task could have put anything there: only a regular file, never through a link.
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      JvmOutcome outcome = JvmOutcome.read(file);
      WorkResult.Kind kind =
          switch (outcome.kind()) {
            case FINISHED -> WorkResult.Kind.FINISHED;
            case FAILED -> WorkResult.Kind.FAILED;
            case INVALID -> WorkResult.Kind.INVALID;
          };
      return Optional.of(new WorkResult(kind, outcome.message(), outcome.data()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("The outcome file {} of a child JVM cannot be read: {}", file, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public OptionalLong pid() {
    return process.pid();
  }

  @Override
  public CompletionStage<ExitStatus> ended() {
    return ended;
  }

  @Override
  public Optional<WorkResult> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public List<Long> remaining() {
    return process.remaining();
  }

  @Override
  public int stop(Signal signal) {
    return process.stop(signal);
  }

  @Override
  public int stopNewcomers() {
    return process.stopNewcomers();
  }
}
