package org.mesosexec.jvm;

/** A person-readable reason why a JVM task cannot be loaded. */
public final class JvmTaskException extends Exception {
  private static final long serialVersionUID = 1L;

  public JvmTaskException(String message) {
    super(message);
  }
}
