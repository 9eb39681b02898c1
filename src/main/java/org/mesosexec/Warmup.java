package org.mesosexec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.UUID;
import org.apache.mesos.Protos;
import org.mesosexec.time.Threads;

/**
 * Start-up work done ahead, on a thread of its own beside the main thread's settings and logging:
 * the Mesos protos' descriptors, the JDK's {@code SecureRandom} (status updates' UUIDs) and, in
 * local mode, protobuf's JSON mapping, all of which the first {@code TASK_RUNNING} waits for
 * otherwise. It only gets classes ready: class initialisation is thread-safe, a thread that needs a
 * class the warm-up is initialising waits for it, and nothing the warm-up makes is kept or seen. A
 * failure here is one the main thread meets again, and reports, where it needs the class.
 */
final class Warmup {
  private Warmup() {}

  /** Starts it; {@code local}: with the JSON mapping of the local mode's task file and lines. */
  static void start(boolean local) {
    Threads.start("warm-up", () -> run(local));
  }

  private static void run(boolean local) {
    Protos.getDescriptor();
    UUID.randomUUID();
    if (local) {
      try {
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder();
        JsonFormat.parser().merge("{\"name\":\"warm-up\"}", task);
        JsonFormat.printer().omittingInsignificantWhitespace().print(task);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        // the main thread reads the task file itself, and says what is wrong with it
      }
    }
  }
}
