package org.mesosexec.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.json.Json;

/** The local mode's exit status (DESIGN §3), computed once from the terminal updates. */
public final class LocalRun {
  private LocalRun() {}

  /**
   * As {@link #exitCode(int, List)}, except for a lone JVM task (a {@code jvm} spec, or a
   * Java-serialized task) whose terminal update carries its result rather than an exit status: 0
   * when it finished, else 1. A process-isolated JVM task that ended with an exit status (killed,
   * say) exits with it, as a command would.
   */
  public static int exitCode(List<TaskInfo> tasks, List<TaskStatus> terminals) {
    if (tasks.size() == 1 && terminals.size() == 1 && isJvmTask(tasks.get(0))) {
      TaskStatus end = terminals.get(0);
      if (exitCodeOf(end) == null) {
        return end.getState() == TaskState.TASK_FINISHED ? 0 : 1;
      }
    }
    return exitCode(tasks.size(), terminals);
  }

  /**
   * With one task, its exit code (128+N for signal N; 1 if it never ran); with several, 0 if every
   * task finished, else 1.
   */
  public static int exitCode(int taskCount, List<TaskStatus> terminals) {
    if (taskCount == 1) {
      Integer code = terminals.isEmpty() ? null : exitCodeOf(terminals.get(0));
      return code == null ? 1 : code;
    }
    boolean allFinished =
        terminals.size() >= taskCount
            && terminals.stream().allMatch(s -> s.getState() == TaskState.TASK_FINISHED);
    return allFinished ? 0 : 1;
  }

  /** The exit code in a terminal update's data, or null when its data is no exit status. */
  private static Integer exitCodeOf(TaskStatus status) {
    JsonObject o = jsonObject(status.getData());
    try {
      return o != null && o.has("exit_code") ? o.get("exit_code").getAsInt() : null;
    } catch (RuntimeException notOurs) {
      return null;
    }
  }

  /** Whether the task's data is a Java-serialized object or a task spec with a {@code jvm} key. */
  private static boolean isJvmTask(TaskInfo task) {
    ByteString data = task.getData();
    boolean serialized =
        data.size() >= 2 && (data.byteAt(0) & 0xff) == 0xac && (data.byteAt(1) & 0xff) == 0xed;
    JsonObject spec = jsonObject(data);
    return serialized || (spec != null && spec.has("jvm"));
  }

  private static JsonObject jsonObject(ByteString data) {
    if (data.isEmpty()) {
      return null;
    }
    try {
      JsonElement json = Json.parse(data.toString(StandardCharsets.UTF_8));
      return json.isJsonObject() ? json.getAsJsonObject() : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
