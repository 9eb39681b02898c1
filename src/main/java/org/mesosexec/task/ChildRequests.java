package org.mesosexec.task;

import java.nio.file.Path;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.process.LaunchException;

/** Writes the request file a child JVM reads ({@code org.mesosexec.jvm.ChildMain}). */
@SuppressWarnings("DoNotCallSuggester") // until the child JVM's request format lands
final class ChildRequests {
  private ChildRequests() {}

  static void write(
      TaskContext ctx, String taskId, JvmSpec spec, Path dir, Path requestFile, Path outcome)
      throws LaunchException {
    throw new LaunchException("a child JVM's request cannot be written by this build");
  }
}
