package org.mesosexec.work;

import java.util.Objects;

/**
 * What work that reports more than an exit status ended with: a JVM task's result, its failure, the
 * reason it could not be loaded, or its thread abandoned after a kill.
 *
 * @param kind how it ended
 * @param message for the terminal update; may be empty for {@link Kind#FINISHED}
 * @param data for {@code TaskStatus.data}: the result, or the exception as JSON; may be empty
 */
// The bytes are copied in and out, so the record stays immutable; it is never compared.
@SuppressWarnings("ArrayRecordComponent")
public record WorkResult(Kind kind, String message, byte[] data) {
  public WorkResult {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(message);
    data = data == null ? new byte[0] : data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** How the work ended. */
  public enum Kind {
    /** It returned; {@code data} is its result. */
    FINISHED,
    /** It threw (or called {@code System.exit}); {@code data} describes the exception. */
    FAILED,
    /** It could not be loaded: reported as an invalid task. */
    INVALID,
    /** It was killed and its thread did not stop: left running, reported as ended. */
    ABANDONED
  }
}
