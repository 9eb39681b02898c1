package bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.ExecutorParts;
import org.mesosexec.ExecutorRuntime;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.RecordingDriver;

/**
 * The real executor ({@link ExecutorRuntime}, real processes, real {@code executor.log}) in this
 * JVM, registered with a {@link RecordingDriver}; the benchmark plays the driver's callback thread.
 */
final class InProcessExecutor implements AutoCloseable {
  private static final SlaveID AGENT = SlaveID.newBuilder().setValue("bench-agent").build();

  private final Path sandbox;
  private final ExecutorRuntime runtime;
  private final RecordingDriver driver = new RecordingDriver();

  private InProcessExecutor(
      Path sandbox, Map<String, String> overrides, UnaryOperator<ExecutorParts> parts) {
    this.sandbox = sandbox;
    // Settings from the brief: the idle timer must not stop the executor between phases.
    Map<String, String> env = new HashMap<>(Map.of("EXECUTOR_IDLE_TIMEOUT", "1hrs"));
    env.putAll(overrides);
    Settings settings = Settings.fromEnvironment(env);
    // As Main does before the first logger: executor.log goes to the sandbox, at the set level.
    System.setProperty("executor.sandbox", sandbox.toString());
    System.setProperty("executor.logLevel", settings.logLevel());
    org.mesosexec.health.OsProber.allowConnectionHeader(); // as Main does at start-up
    // The production wiring (as Main's), with the parts a benchmark replaces.
    runtime =
        new ExecutorRuntime(
            settings,
            System.getenv(),
            sandbox,
            List.of(),
            parts.apply(
                ExecutorParts.defaults(
                    settings, settings.taskEnvironment(System.getenv()), sandbox)));
  }

  /** Builds the executor in a fresh sandbox under the temp directory and registers it. */
  static InProcessExecutor start(String name) throws IOException {
    return start(name, Map.of());
  }

  /**
   * As {@link #start(String)}, with executor settings (variables such as {@code
   * MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}) set on top of the benchmarks' defaults.
   */
  static InProcessExecutor start(String name, Map<String, String> settings) throws IOException {
    return start(name, settings, UnaryOperator.identity());
  }

  /** As {@link #start(String, Map)}, on the production parts as {@code parts} changes them. */
  static InProcessExecutor start(
      String name, Map<String, String> settings, UnaryOperator<ExecutorParts> parts)
      throws IOException {
    return start(Files.createTempDirectory("bench-" + name + "-"), settings, parts);
  }

  /**
   * As {@link #start(String)}, with the sandbox in {@code parent} instead of the temp directory.
   */
  static InProcessExecutor startIn(Path parent, String name) throws IOException {
    return start(
        Files.createTempDirectory(parent, "bench-" + name + "-"),
        Map.of(),
        UnaryOperator.identity());
  }

  private static InProcessExecutor start(
      Path sandbox, Map<String, String> settings, UnaryOperator<ExecutorParts> parts)
      throws IOException {
    InProcessExecutor ex = new InProcessExecutor(sandbox, settings, parts);
    ExecutorInfo executor =
        ExecutorInfo.newBuilder()
            .setExecutorId(ExecutorID.newBuilder().setValue("bench-executor"))
            .setFrameworkId(FrameworkID.newBuilder().setValue("bench-framework"))
            .setCommand(CommandInfo.newBuilder().setValue("run-executor.sh"))
            .build();
    FrameworkInfo framework =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue("bench-framework"))
            .setName("bench")
            .setUser(System.getProperty("user.name"))
            .build();
    SlaveInfo agent = SlaveInfo.newBuilder().setId(AGENT).setHostname("localhost").build();
    ex.runtime.executor().registered(ex.driver, executor, framework, agent);
    return ex;
  }

  RecordingDriver driver() {
    return driver;
  }

  /** The executor's sandbox; a task's files are in {@code tasks/<task-id>/}. */
  Path sandbox() {
    return sandbox;
  }

  /** Calls {@code launchTask} with a task whose data is the JSON task spec {@code spec}. */
  void launch(String id, String spec) {
    TaskInfo task =
        TaskInfo.newBuilder()
            .setName(id)
            .setTaskId(TaskID.newBuilder().setValue(id))
            .setSlaveId(AGENT)
            .setData(ByteString.copyFrom(spec, StandardCharsets.UTF_8))
            .build();
    runtime.executor().launchTask(driver, task);
  }

  void kill(String id) {
    runtime.executor().killTask(driver, TaskID.newBuilder().setValue(id).build());
  }

  /** Calls {@code shutdown}, as the agent does when it wants the executor gone. */
  void shutdown() {
    runtime.executor().shutdown(driver);
  }

  /** Closes the executor (killing anything left) and deletes the sandbox. */
  @Override
  public void close() throws IOException {
    runtime.close();
    try (Stream<Path> files = Files.walk(sandbox)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
