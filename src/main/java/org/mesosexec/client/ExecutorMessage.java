package org.mesosexec.client;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A framework message from this executor (Cook's wire format, README "Framework messages"), as
 * {@code Scheduler.frameworkMessage} receives it. Messages are best-effort: they may be lost or
 * arrive out of order (a progress message before {@code TASK_RUNNING}); order progress by its
 * {@link Progress#sequence}, and take the exit code from the terminal status as well.
 */
public sealed interface ExecutorMessage {
  /** The task the message is about. */
  String taskId();

  /**
   * Where the task's files are on the agent ({@code tasks/<id>/} in the executor's sandbox).
   *
   * @param sandboxDirectory a host path
   */
  record Directory(String taskId, String sandboxDirectory) implements ExecutorMessage {}

  /**
   * How far the task has got.
   *
   * @param sequence strictly increasing per task: a lower one than already seen is stale
   * @param percent 0 to 100
   * @param message a short text, maybe empty
   */
  record Progress(String taskId, long sequence, int percent, String message)
      implements ExecutorMessage {}

  /**
   * How the task's process ended.
   *
   * @param exitCode its exit status, 128+N for a process killed by signal N
   */
  record ExitCode(String taskId, int exitCode) implements ExecutorMessage {}

  /**
   * Decodes {@code data}; empty when it is none of the executor's messages (another executor's, or
   * a newer kind), so that a scheduler can ignore what it does not know.
   */
  static Optional<ExecutorMessage> parse(byte[] data) {
    Map<?, ?> m;
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
      if (!(JsonReader.parse(text) instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      m = map;
    } catch (CharacterCodingException | IllegalArgumentException notOurs) {
      return Optional.empty();
    }
    if (!(m.get("task-id") instanceof String id)) {
      return Optional.empty();
    }
    if ("directory".equals(m.get("type")) && m.get("sandbox-directory") instanceof String dir) {
      return Optional.of(new Directory(id, dir));
    }
    if (m.get("exit-code") instanceof BigDecimal code) {
      return whole(code).map(c -> new ExitCode(id, c.intValue()));
    }
    if (m.get("progress-sequence") instanceof BigDecimal seq
        && m.get("progress-percent") instanceof BigDecimal percent) {
      String message = m.get("progress-message") instanceof String s ? s : "";
      return whole(seq)
          .flatMap(s -> whole(percent).map(p -> new Progress(id, s, p.intValue(), message)));
    }
    return Optional.empty();
  }

  private static Optional<Long> whole(BigDecimal n) {
    try {
      long v = n.longValueExact();
      return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Optional.of(v) : Optional.empty();
    } catch (ArithmeticException notWhole) {
      return Optional.empty();
    }
  }
}
