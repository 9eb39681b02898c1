package org.mesosexec.task;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The framework messages of DESIGN §6, in the Cook executor's wire format: UTF-8 JSON objects
 * telling the scheduler where a task's sandbox is and how its process exited.
 */
final class FrameworkMessages {
  private static final Logger LOG = LogManager.getLogger(FrameworkMessages.class);

  private FrameworkMessages() {}

  /** {@code {"type":"directory","task-id":ID,"sandbox-directory":DIR}}, DIR a host path. */
  static void directory(TaskContext ctx, String taskId) {
    JsonObject m = new JsonObject();
    m.addProperty("type", "directory");
    m.addProperty("task-id", taskId);
    m.addProperty(
        "sandbox-directory", ctx.hostSandbox().resolve("tasks").resolve(taskId).toString());
    send(ctx, m);
  }

  /** {@code {"task-id":ID,"exit-code":N}}, N being 128+S for a process killed by signal S. */
  static void exitCode(TaskContext ctx, String taskId, int exitCode) {
    JsonObject m = new JsonObject();
    m.addProperty("task-id", taskId);
    m.addProperty("exit-code", exitCode);
    send(ctx, m);
  }

  /** {@code {"task-id":ID,"progress-sequence":N,"progress-percent":P,"progress-message":M}}. */
  static void progress(
      TaskContext ctx, String taskId, long sequence, org.mesosexec.progress.Progress progress) {
    JsonObject m = new JsonObject();
    m.addProperty("task-id", taskId);
    m.addProperty("progress-sequence", sequence);
    m.addProperty("progress-percent", progress.percent());
    m.addProperty("progress-message", progress.message());
    send(ctx, m);
  }

  private static void send(TaskContext ctx, JsonObject message) {
    try {
      ctx.sink().frameworkMessage(message.toString().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      LOG.error("Sending framework message {} failed", message, e);
    }
  }
}
