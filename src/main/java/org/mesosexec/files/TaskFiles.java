package org.mesosexec.files;

import java.util.Objects;

/**
 * A fresh task directory's output files, open until the task's process has been started with them.
 */
public record TaskFiles(OpenFile stdout, OpenFile stderr) implements AutoCloseable {
  public TaskFiles {
    Objects.requireNonNull(stdout);
    Objects.requireNonNull(stderr);
  }

  @Override
  public void close() {
    stdout.close();
    stderr.close();
  }
}
