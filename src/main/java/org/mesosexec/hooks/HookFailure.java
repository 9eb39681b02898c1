package org.mesosexec.hooks;

/** A hook failed, timed out or printed something it may not; the message says which and why. */
public final class HookFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HookFailure(String message) {
    super(message, null, false, false);
  }
}
