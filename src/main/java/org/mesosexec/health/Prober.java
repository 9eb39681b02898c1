package org.mesosexec.health;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Starts single check attempts. Implementations are thread-safe and never block for long. */
public interface Prober {
  /**
   * Starts one attempt of {@code probe} against a task.
   *
   * @param timeout bound the attempt may use for its own I/O (the {@link Checker} enforces it in
   *     any case by aborting the attempt); empty for none
   */
  Attempt start(Probe probe, Target target, Optional<java.time.Duration> timeout);

  /**
   * The task a command check runs for: its directory, environment and user.
   *
   * @param output file that receives the check's standard output and error, emptied before each
   *     run; its last line goes into the status message
   */
  record Target(
      Path directory, Map<String, String> environment, Optional<String> user, Path output) {
    public Target {
      Objects.requireNonNull(directory);
      environment = Map.copyOf(environment);
      Objects.requireNonNull(user);
      Objects.requireNonNull(output);
    }
  }

  /**
   * A running attempt.
   *
   * @param result completes with the outcome, never exceptionally
   * @param abort stops the attempt: kills a command with its processes, closes a connection
   */
  record Attempt(CompletableFuture<Outcome> result, Runnable abort) {
    public Attempt {
      Objects.requireNonNull(result);
      Objects.requireNonNull(abort);
    }

    /** An attempt that has already ended. */
    public static Attempt done(Outcome outcome) {
      return new Attempt(CompletableFuture.completedFuture(outcome), () -> {});
    }
  }
}
