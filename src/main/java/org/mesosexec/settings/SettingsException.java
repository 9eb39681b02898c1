package org.mesosexec.settings;

/** A setting that does not parse or is out of range; the message names the variable. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
