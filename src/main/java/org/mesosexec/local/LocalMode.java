package org.mesosexec.local;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.ExecutorRuntime;
import org.mesosexec.settings.AgentEnvironment;
import org.mesosexec.settings.Settings;

/**
 * {@code run-executor.sh --local}: the real executor under a {@link LocalDriver}, with no cluster.
 */
public final class LocalMode {
  static final String EXECUTOR_ID = "local-executor";
  static final String FRAMEWORK_ID = "local-framework";
  static final String AGENT_ID = "local-agent";

  private final LocalOptions options;
  private final Settings settings;
  private final Path sandbox;
  private final PrintStream stdout;
  private final AtomicBoolean exitPrinted = new AtomicBoolean();

  /**
   * @param stdout the real standard output, reserved for JSON lines
   */
  public LocalMode(LocalOptions options, Settings settings, Path sandbox, PrintStream stdout) {
    this.options = options;
    this.settings = settings;
    this.sandbox = sandbox;
    this.stdout = stdout;
  }

  /**
   * Runs every task to its end and returns the exit status; {@code tasks} were read beforehand so
   * that a bad TASKFILE fails before anything starts.
   */
  public int run(List<TaskInfo> tasks, Map<String, String> processEnv) {
    JsonLines out = new JsonLines(stdout);
    Map<String, String> env = agentEnvironment(processEnv);
    Settings asAgent = settings.withAgent(settings.agent().local(sandbox, options.checkpoint()));
    try (ExecutorRuntime runtime =
        new ExecutorRuntime(asAgent, env, sandbox, options.defaultCommand())) {
      LocalDriver driver = new LocalDriver(runtime.executor(), script(tasks), out);
      Thread hook =
          runtime.installShutdownHook(
              settings.shutdownGracePeriod(), () -> finish(out, tasks, driver));
      JsonObject registered = new JsonObject();
      registered.addProperty("sandbox", sandbox.toString());
      registered.addProperty("executor_id", EXECUTOR_ID);
      registered.addProperty("framework_id", FRAMEWORK_ID);
      registered.addProperty("agent_id", AGENT_ID);
      out.registered(registered);
      driver.run();
      int code = finish(out, tasks, driver);
      ExecutorRuntime.removeShutdownHook(hook);
      return code;
    }
  }

  /** Prints the exit line once, whoever gets here first: the main thread or the signal hook. */
  private int finish(JsonLines out, List<TaskInfo> tasks, LocalDriver driver) {
    int code = LocalRun.exitCode(tasks, driver.terminalUpdates());
    if (exitPrinted.compareAndSet(false, true)) {
      LogManager.getLogger(LocalMode.class).info("Local run ends with exit status {}", code);
      out.exit(code);
    }
    return code;
  }

  /**
   * What an agent would put in the executor's environment (DESIGN §2), which tasks inherit; the
   * executor itself reads the same values from {@link AgentEnvironment#local}.
   */
  private Map<String, String> agentEnvironment(Map<String, String> processEnv) {
    Map<String, String> env = new HashMap<>(processEnv);
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_EXECUTOR_ID", EXECUTOR_ID);
    env.put("MESOS_FRAMEWORK_ID", FRAMEWORK_ID);
    env.put("MESOS_SLAVE_ID", AGENT_ID);
    env.put("MESOS_CHECKPOINT", options.checkpoint() ? "1" : "0");
    return env;
  }

  private LocalScript script(List<TaskInfo> tasks) {
    ExecutorInfo executor =
        ExecutorInfo.newBuilder()
            .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR_ID))
            .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
            .setCommand(CommandInfo.newBuilder().setValue("run-executor.sh"))
            .build();
    FrameworkInfo.Builder framework =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
            .setName("local")
            .setUser(System.getProperty("user.name"))
            .setCheckpoint(options.checkpoint());
    options.capabilities().forEach(c -> framework.addCapabilitiesBuilder().setType(c));
    SlaveInfo agent =
        SlaveInfo.newBuilder()
            .setId(SlaveID.newBuilder().setValue(AGENT_ID))
            .setHostname(hostname())
            .build();
    return new LocalScript(executor, framework.build(), agent, tasks, options);
  }

  static SlaveID agentId() {
    return SlaveID.newBuilder().setValue(AGENT_ID).build();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
