package org.mesosexec.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.json.Json;

/** The local mode's exit status (DESIGN §3), computed once from the terminal updates. */
public final class LocalRun {
  private LocalRun() {}

  /**
   * With one task, its exit code (128+N for signal N; 1 if it never ran); with several, 0 if every
   * task finished, else 1.
   */
  public static int exitCode(int taskCount, List<TaskStatus> terminals) {
    if (taskCount == 1) {
      return terminals.isEmpty() ? 1 : exitCodeOf(terminals.get(0));
    }
    boolean allFinished =
        terminals.size() >= taskCount
            && terminals.stream().allMatch(s -> s.getState() == TaskState.TASK_FINISHED);
    return allFinished ? 0 : 1;
  }

  private static int exitCodeOf(TaskStatus status) {
    if (status.getData().isEmpty()) {
      return 1;
    }
    try {
      JsonElement data = Json.parse(status.getData().toString(StandardCharsets.UTF_8));
      JsonObject o = data.getAsJsonObject();
      return o.has("exit_code") ? o.get("exit_code").getAsInt() : 1;
    } catch (RuntimeException notOurs) {
      return 1;
    }
  }
}
