package org.mesosexec.task;

import java.io.IOException;
import java.nio.file.Path;
import org.mesosexec.jvm.ChildRequest;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.process.LaunchException;

/**
 * Writes the request file a child JVM reads ({@code org.mesosexec.jvm.ChildMain}), into the task's
 * fresh directory, before the task has run. Stateless.
 */
final class ChildRequests {
  private ChildRequests() {}

  static void write(TaskContext ctx, String taskId, JvmSpec spec, Path dir, Path requestFile)
      throws LaunchException {
    try {
      ChildRequest.forSpec(taskId, dir, ctx.sandbox(), ctx.settings().jvm(), spec)
          .write(requestFile);
    } catch (IOException e) {
      throw new LaunchException("Cannot write the child JVM's request " + requestFile + ": " + e);
    }
  }
}
