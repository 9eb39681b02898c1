package org.mesosexec.task;

import com.google.gson.JsonElement;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.aurora.AssignedTask;
import org.mesosexec.health.CheckPlan;
import org.mesosexec.health.HealthPlan;
import org.mesosexec.json.Json;
import org.mesosexec.text.Quote;

/**
 * Finds where a task's work comes from (DESIGN §4, first match wins): a JSON spec, Aurora's {@code
 * AssignedTask} ({@link AuroraSpecs}) or a Java-serialized {@code Task} in {@code TaskInfo.data},
 * then {@code TaskInfo.command}, then the executor's own trailing arguments.
 */
public final class TaskSources {
  /** Larger task data is refused before it is parsed: a spec is a few kilobytes. */
  public static final int MAX_DATA_BYTES = 4 * 1024 * 1024;

  private final List<String> defaultArgs;

  /**
   * @param defaultArgs the executor's trailing arguments (Marathon's convention), maybe empty
   */
  public TaskSources(List<String> defaultArgs) {
    this.defaultArgs = List.copyOf(defaultArgs);
  }

  /**
   * Returns the spec of {@code task}, with {@code kill_policy}, {@code max_completion_time} and
   * {@code health_check} from the TaskInfo where the spec leaves them out, and its {@code check}.
   *
   * @throws InvalidTaskException saying what is wrong with the task
   */
  public TaskSpec resolve(TaskInfo task) {
    TaskSpec spec = work(task);
    try {
      return withTaskInfo(spec, task);
    } catch (InvalidTaskException e) {
      throw e.reportedAs(spec.refusedAs());
    }
  }

  private TaskSpec work(TaskInfo task) {
    if (!task.getData().isEmpty()) {
      return fromData(task);
    } else if (task.hasCommand()) {
      return fromCommand(task.getCommand());
    } else if (!defaultArgs.isEmpty()) {
      return TaskSpec.of(new Work.Exec(defaultArgs));
    }
    throw new InvalidTaskException(
        "the task carries no work: TaskInfo.data is empty, TaskInfo.command is not set,"
            + " and the executor was started without a default command");
  }

  /** The TaskInfo's kill policy, max completion time, health check and check fill the gaps. */
  private static TaskSpec withTaskInfo(TaskSpec spec, TaskInfo task) {
    if (spec.work() instanceof Work.Command command) {
      FieldLimits.total(command.argv(), spec.env());
    } else {
      FieldLimits.total(List.of(), spec.env());
    }
    Optional<Duration> grace =
        task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
            ? Optional.of(
                FieldLimits.duration(
                    Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds()),
                    "TaskInfo.kill_policy.grace_period"))
            : Optional.empty();
    Optional<Duration> maxTime =
        task.hasMaxCompletionTime()
            ? Optional.of(
                FieldLimits.duration(
                    Duration.ofNanos(task.getMaxCompletionTime().getNanoseconds()),
                    "TaskInfo.max_completion_time"))
            : Optional.empty();
    Optional<HealthPlan> health =
        task.hasHealthCheck()
            ? Optional.of(CheckSpecs.health(task.getHealthCheck(), "TaskInfo.health_check"))
            : Optional.empty();
    Optional<CheckPlan> check =
        task.hasCheck()
            ? Optional.of(CheckSpecs.check(task.getCheck(), "TaskInfo.check"))
            : Optional.empty();
    TaskSpec full = spec.withDefaults(grace, maxTime, health, check);
    if (full.runningAfterHealthy() && full.healthCheck().isEmpty()) {
      throw new InvalidTaskException(
          "\"running_after_healthy\" needs a health check (\"health_check\" in the spec, or"
              + " TaskInfo.health_check): without one TASK_RUNNING would never be sent");
    }
    return full;
  }

  private static TaskSpec fromData(TaskInfo task) {
    int size = task.getData().size();
    if (size > MAX_DATA_BYTES) {
      throw new InvalidTaskException(
          "TaskInfo.data is " + size + " bytes; the limit for a task spec is " + MAX_DATA_BYTES);
    }
    byte[] bytes = task.getData().toByteArray();
    if (AssignedTask.recognises(bytes)) {
      return AuroraSpecs.resolve(task, bytes);
    }
    if (isJavaSerialized(bytes)) {
      return TaskSpec.of(new Work.JvmObject(task.getData()));
    }
    JsonElement json;
    try {
      json = Json.parse(utf8(bytes));
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException("TaskInfo.data is not a JSON task spec: " + e.getMessage());
    }
    if (!json.isJsonObject()) {
      throw new InvalidTaskException(
          "TaskInfo.data must be a JSON object (a task spec), got " + Json.typeOf(json));
    }
    return TaskSpecParser.parse(json.getAsJsonObject());
  }

  /** Java serialization's stream header: magic {@code 0xACED}, version {@code 0x0005}. */
  private static boolean isJavaSerialized(byte[] bytes) {
    return bytes.length >= 4
        && (bytes[0] & 0xff) == 0xAC
        && (bytes[1] & 0xff) == 0xED
        && bytes[2] == 0x00
        && bytes[3] == 0x05;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidTaskException("TaskInfo.data is neither JSON nor UTF-8 text");
    }
  }

  /** Mesos' CommandInfo semantics: shell (the default) runs value by /bin/sh -c. */
  private static TaskSpec fromCommand(CommandInfo command) {
    Work work = work(command, "TaskInfo.command");
    Map<String, String> env = environment(command, "TaskInfo.command");
    return TaskSpec.of(work).withEnvAndUser(env, user(command, "TaskInfo.command"));
  }

  /** A CommandInfo's user, checked before it can reach a user lookup. */
  static Optional<String> user(CommandInfo command, String at) {
    return command.hasUser()
        ? Optional.of(FieldLimits.user(command.getUser(), at + ".user"))
        : Optional.empty();
  }

  /** What a CommandInfo runs; {@code at} names it in messages. */
  static Work.Command work(CommandInfo command, String at) {
    if (command.getShell()) {
      if (!command.hasValue()) {
        throw new InvalidTaskException(at + " has shell=true but no value");
      }
      return new Work.Shell(FieldLimits.text(command.getValue(), at + ".value"));
    }
    if (!command.hasValue() || command.getValue().isEmpty()) {
      throw new InvalidTaskException(at + " has shell=false but no value (the program)");
    }
    List<String> args = command.getArgumentsList();
    // As execvp(value, arguments): arguments[0] is argv[0]; the program is always value.
    List<String> argv = new java.util.ArrayList<>();
    argv.add(FieldLimits.text(command.getValue(), at + ".value"));
    for (int i = 1; i < args.size(); i++) {
      argv.add(FieldLimits.text(args.get(i), at + ".arguments[" + i + "]"));
    }
    return new Work.Exec(argv);
  }

  /** A CommandInfo's environment variables; secrets are refused. */
  static Map<String, String> environment(CommandInfo command, String at) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
      if (v.getType() == Environment.Variable.Type.SECRET) {
        throw new InvalidTaskException(
            at + ".environment: secret variable " + Quote.cut(v.getName()) + " is not supported");
      }
      FieldLimits.variable(v.getName(), v.getValue(), at + ".environment");
      env.put(v.getName(), v.getValue());
    }
    return env;
  }
}
