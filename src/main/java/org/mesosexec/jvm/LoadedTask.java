package org.mesosexec.jvm;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.mesosexec.api.Task;

/**
 * A JVM task ready to run: the task object and the class loader its classes came from, one loader
 * per task. Closing it closes the loader (its jar files); the task must not run after that.
 *
 * @param task the task to run
 * @param loader the task's own class loader, set as the context class loader while it runs
 * @param argsJson the spec's {@code args} as JSON text, {@code "null"} for none
 */
public record LoadedTask(Task<?> task, ClassLoader loader, String argsJson)
    implements AutoCloseable {

  public LoadedTask {
    Objects.requireNonNull(task);
    Objects.requireNonNull(loader);
    Objects.requireNonNull(argsJson);
  }

  /**
   * Closes the task's class loader; its classes stay usable by objects that hold them, but no new
   * class or resource can be read from its jars.
   *
   * @throws UncheckedIOException when a jar file cannot be closed
   */
  @Override
  public void close() {
    if (loader instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
