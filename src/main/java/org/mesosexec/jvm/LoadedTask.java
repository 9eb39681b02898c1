package org.mesosexec.jvm;

import java.io.IOException;
import java.net.URLClassLoader;
import org.mesosexec.api.Task;

/**
 * A JVM task ready to run, in its own class loader.
 *
 * @param task the task
 * @param loader its class loader, closed with this
 * @param argsJson the spec's args as JSON
 */
public record LoadedTask(Task<?> task, ClassLoader loader, String argsJson)
    implements AutoCloseable {
  @Override
  public void close() {
    if (loader instanceof URLClassLoader u) {
      try {
        u.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }
}
