package org.mesosexec.health;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

/** I/O failures of network checks in words, for an outcome's detail. Stateless. */
final class ProbeErrors {
  private ProbeErrors() {}

  /** The innermost cause's message, or its kind; a bare refused connect as such. */
  static String why(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || (e.getCause() != null && e.getMessage() == null))
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isEmpty())) {
      return "connection refused";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
