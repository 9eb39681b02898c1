package org.mesosexec.aurora;

/**
 * Task data that looks like Aurora's {@code AssignedTask} but cannot be read as one; the message,
 * meant for a person, says what is wrong and where.
 */
public final class AuroraDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuroraDataException(String message) {
    super(message);
  }
}
