package org.mesosexec.jvm;

/**
 * Why a JVM task cannot be loaded, in words for a person: a refused or missing class, a jar outside
 * the sandbox, serialized data that breaks a limit. The executor reports it {@code TASK_ERROR} with
 * {@code REASON_TASK_INVALID} and this message.
 */
public final class JvmTaskException extends Exception {
  private static final long serialVersionUID = 1L;

  public JvmTaskException(String message) {
    super(message);
  }

  public JvmTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
