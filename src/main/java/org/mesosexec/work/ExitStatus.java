package org.mesosexec.work;

import java.util.OptionalInt;

/**
 * How a process ended.
 *
 * <p>The JVM folds "killed by signal N" into exit code 128+N, exactly as shells do, so a process
 * that returns 128+N (N from 1 to 31) is taken as killed by signal N. {@link #exitCode()} is 128+N
 * in that case, which is also what the local mode exits with.
 *
 * @param exitCode the exit code, 128+N when killed by signal N
 * @param signal the signal that killed the process, if any
 */
public record ExitStatus(int exitCode, OptionalInt signal) {
  public ExitStatus {
    if (signal.isPresent() && exitCode != 128 + signal.getAsInt()) {
      throw new IllegalArgumentException("exit code of signal " + signal + " must be 128+signal");
    }
  }

  /** Interprets the value {@link Process#exitValue()} returns. */
  public static ExitStatus fromJvm(int value) {
    if (value > 128 && value < 128 + 32) {
      return new ExitStatus(value, OptionalInt.of(value - 128));
    }
    return new ExitStatus(value, OptionalInt.empty());
  }

  /** Mesos' wording: "Command exited with status N" or "Command terminated with signal X". */
  public String describe() {
    if (signal.isPresent()) {
      int n = signal.getAsInt();
      return "Command terminated with signal "
          + Signal.of(n).map(Signal::description).orElse("number " + n);
    }
    return "Command exited with status " + exitCode;
  }

  /** {@code {"exit_code": N, "signal": S}}, S being null when no signal was involved. */
  public String toJson() {
    return "{\"exit_code\":"
        + exitCode
        + ",\"signal\":"
        + (signal.isPresent() ? String.valueOf(signal.getAsInt()) : "null")
        + "}";
  }
}
