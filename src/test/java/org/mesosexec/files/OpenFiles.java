package org.mesosexec.files;

import java.nio.file.Path;

/** Open files for tests in other packages, which cannot make one by name themselves. */
public final class OpenFiles {
  private OpenFiles() {}

  /** A file known by name only: {@link OpenFile#path()} is {@code name} itself. */
  public static OpenFile byName(Path name) {
    return new OpenFile(name);
  }
}
