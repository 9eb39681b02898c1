package org.mesosexec.hooks;

/** A hook failed, timed out or printed something it may not; the message says which and why. */
public final class HookFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HookFailure(String message) {
    super(message, null, false, false);
  }

  /** What a failed hook run says: the message of {@code error}, unwrapped from its future. */
  public static String messageOf(Throwable error) {
    Throwable t =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    return String.valueOf(t.getMessage());
  }
}
