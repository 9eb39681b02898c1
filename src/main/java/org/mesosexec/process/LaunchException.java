package org.mesosexec.process;

/** The process could not be started; the message is the OS error, meant for the scheduler. */
public final class LaunchException extends Exception {
  private static final long serialVersionUID = 1L;

  public LaunchException(String message) {
    super(message);
  }
}
