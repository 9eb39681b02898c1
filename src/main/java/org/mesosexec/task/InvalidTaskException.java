package org.mesosexec.task;

/** A task that cannot be run as given; the message, meant for a person, says what is wrong. */
public final class InvalidTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTaskException(String message) {
    super(message);
  }
}
