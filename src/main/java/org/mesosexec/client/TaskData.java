package org.mesosexec.client;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.mesos.Protos.HealthCheck;
import org.mesosexec.api.Task;

/**
 * Builds {@code TaskInfo.data} for a task of this executor: the JSON task spec (README, "Pointing a
 * scheduler at it"), starting from its work ({@link #command}, {@link #argv} or {@link #jvm}), or a
 * Java-serialized {@link Task} ({@link #serialized}). Values are checked against the executor's
 * limits as they are given. Not thread-safe.
 *
 * <pre>{@code
 * task.setData(TaskData.command("python train.py").env("EPOCHS", "3")
 *     .killGracePeriod(Duration.ofSeconds(5)).toByteString());
 * }</pre>
 */
public final class TaskData {
  private final Map<String, Object> spec = new LinkedHashMap<>();
  private final Map<String, Object> env = new LinkedHashMap<>();
  private final Map<String, Object> progress = new LinkedHashMap<>();

  private TaskData(String key, Object work) {
    spec.put(key, work);
  }

  /** A command run by {@code /bin/sh -c}. */
  public static TaskData command(String command) {
    return new TaskData("command", SpecChecks.text(Objects.requireNonNull(command), "command"));
  }

  /** A program and its arguments, run directly, with no shell. */
  public static TaskData argv(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    for (int i = 0; i < argv.size(); i++) {
      SpecChecks.text(argv.get(i), "argv[" + i + "]");
    }
    return new TaskData("argv", List.copyOf(argv));
  }

  /** A program and its arguments, run directly, with no shell. */
  public static TaskData argv(String... argv) {
    return argv(List.of(argv));
  }

  /** A class run in a JVM by the executor. */
  public static TaskData jvm(JvmTaskSpec jvm) {
    return new TaskData("jvm", jvm.values());
  }

  /**
   * {@code task} Java-serialized, for {@code TaskInfo.data}: the executor runs it on one of its
   * threads, if the operator's {@code EXECUTOR_JVM_SERIAL_FILTER} allows its classes, and sends its
   * result back Java-serialized. Its classes must be in the jars named by {@code
   * EXECUTOR_JVM_CLASSPATH} ({@link ExecutorSetup#jvmJar}).
   *
   * @throws UncheckedIOException if the task (or something it captures) is not serializable
   */
  public static ByteString serialized(Task<?> task) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(Objects.requireNonNull(task));
    } catch (IOException e) {
      throw new UncheckedIOException("the task cannot be serialized: " + e, e);
    }
    return ByteString.copyFrom(bytes.toByteArray());
  }

  /** A variable laid over the executor's environment for the task. */
  public TaskData env(String name, String value) {
    if (name.isEmpty() || name.indexOf('=') >= 0) {
      throw new IllegalArgumentException("env name must be non-empty, without '=': " + name);
    }
    SpecChecks.text(name + "=" + value, "env " + name);
    env.put(name, value);
    return this;
  }

  /** Runs the task as {@code user} (the executor must run as root). */
  public TaskData user(String user) {
    spec.put("user", SpecChecks.user(user));
    return this;
  }

  /** The file watched for progress, relative to the task directory (default: its stdout). */
  public TaskData progressFile(String file) {
    progress.put("file", SpecChecks.relative(file, "progress.file"));
    return this;
  }

  /**
   * The progress pattern (RE2 syntax): group 1 the percent, group 2 the message; an empty pattern
   * turns progress tracking off for the task.
   */
  public TaskData progressRegex(String regex) {
    progress.put("regex", SpecChecks.text(regex, "progress.regex"));
    return this;
  }

  /** At most one progress message per {@code interval} (at least 100 ms). */
  public TaskData progressSampleInterval(Duration interval) {
    progress.put("sample_interval_ms", SpecChecks.millis(interval, 100, "progress interval"));
    return this;
  }

  /** The task's health check, with Mesos' semantics. */
  public TaskData healthCheck(HealthCheck check) {
    spec.put("health_check", ProtoValues.of(check));
    return this;
  }

  /**
   * Holds {@code TASK_RUNNING} back until the health check first passes: needs {@link #healthCheck}
   * or {@code TaskInfo.health_check}.
   */
  public TaskData runningAfterHealthy() {
    spec.put("running_after_healthy", true);
    return this;
  }

  /** Time between SIGTERM and SIGKILL when the task is killed. */
  public TaskData killGracePeriod(Duration grace) {
    spec.put("kill_grace_period_ms", SpecChecks.millis(grace, 0, "kill grace period"));
    return this;
  }

  /** How long the task may run before it is failed ({@code REASON_MAX_COMPLETION_TIME_REACHED}). */
  public TaskData maxCompletionTime(Duration max) {
    spec.put("max_completion_time_ms", SpecChecks.millis(max, 1, "max completion time"));
    return this;
  }

  /** The spec as JSON text. */
  public String toJson() {
    Map<String, Object> out = new LinkedHashMap<>(spec);
    if (!env.isEmpty()) {
      out.put("env", env);
    }
    if (!progress.isEmpty()) {
      out.put("progress", progress);
    }
    return JsonWriter.write(out);
  }

  /** The spec as {@code TaskInfo.data}: UTF-8 JSON. */
  public ByteString toByteString() {
    return ByteString.copyFromUtf8(toJson());
  }
}
