package org.mesosexec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.health.OsProber;
import org.mesosexec.local.LocalMode;
import org.mesosexec.local.LocalOptions;
import org.mesosexec.local.LocalSandbox;
import org.mesosexec.local.TaskFile;
import org.mesosexec.logging.LogStart;
import org.mesosexec.mesos.NativeDriver;
import org.mesosexec.process.LibcPreload;
import org.mesosexec.process.NativeEncoding;
import org.mesosexec.settings.AgentEnvironment;
import org.mesosexec.settings.Settings;
import org.mesosexec.settings.SettingsException;
import org.mesosexec.submit.SubmitMode;

/**
 * Entry point of {@code run-executor.sh}: under an agent it runs the executor with libmesos'
 * driver; with {@code --local} it runs it with an in-process driver; with {@code --submit} it runs
 * a TASKFILE on a cluster as a small framework. Start-up errors (bad settings, no agent, no
 * libmesos, bad TASKFILE) print one clear line and exit 2.
 */
public final class Main {
  /** Exit status for start-up errors, distinct from a task's own status. */
  static final int STARTUP_ERROR = 2;

  private static final String LOG4J_CONFIGURATION = "log4j2.configurationFile";

  private Main() {}

  public static void main(String[] args) {
    // UTF-8 whatever the JVM's default: the JSON lines and messages are UTF-8 by contract.
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.setErr(err);
    int code = run(Arrays.asList(args), System.getenv(), out, err);
    System.exit(code);
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    // A JVM-wide property that the JDK's HTTP client reads once when it loads: set here, before
    // either mode builds the executor, so that HTTP checks open a new connection each time.
    OsProber.allowConnectionHeader();
    try {
      if (!args.isEmpty() && args.get(0).equals("--local")) {
        return local(args.subList(1, args.size()), env, out, err);
      }
      if (!args.isEmpty() && args.get(0).equals("--submit")) {
        // Only JSON lines may reach stdout: anything else that prints goes to stderr.
        System.setOut(err);
        Optional<Path> home =
            Optional.ofNullable(System.getProperty("executor.home")).map(Path::of);
        return SubmitMode.run(args.subList(1, args.size()), env, home, out, err);
      }
      return agent(args, env, err);
    } catch (SettingsException e) {
      err.println("mesos-task-executor: " + e.getMessage());
      return STARTUP_ERROR;
    }
  }

  private static int local(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Warmup.start(true);
    LocalOptions options;
    try {
      options = LocalOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("run-executor.sh --local: " + e.getMessage());
      err.println(LocalOptions.USAGE);
      return STARTUP_ERROR;
    }
    LocalSandbox sandbox;
    try {
      sandbox = LocalSandbox.locate(options);
    } catch (IOException e) {
      Settings.fromEnvironment(env); // a bad setting is reported first, as it always was
      err.println("run-executor.sh --local: " + e.getMessage());
      return STARTUP_ERROR;
    }
    // Only JSON lines may reach stdout: anything else that prints goes to stderr.
    System.setOut(err);
    Optional<LogStart> logging = Optional.empty();
    Settings settings;
    List<TaskInfo> tasks;
    try {
      configureLogging(sandbox.path(), ahead(env, () -> Settings.logging(env)));
      logging = Optional.of(LogStart.begin());
      settings = Settings.fromEnvironment(env);
      tasks = TaskFile.read(options.taskFile(), localAgent());
      sandbox.prepare(options);
    } catch (SettingsException | IllegalArgumentException | IOException e) {
      logging.ifPresent(LogStart::await); // it may be making the directory for executor.log
      sandbox.abandon();
      err.println(
          (e instanceof SettingsException ? "mesos-task-executor: " : "run-executor.sh --local: ")
              + e.getMessage());
      return STARTUP_ERROR;
    }
    LibcPreload.start(sandbox.path());
    logging.get().await();
    warnOfEncoding();
    try {
      return new LocalMode(options, settings, sandbox.path(), out).run(tasks, env);
    } catch (SettingsException e) {
      sandbox.abandon(); // the hooks or the locale record, refused before anything ran
      throw e;
    }
  }

  private static int agent(List<String> args, Map<String, String> env, PrintStream err) {
    Warmup.start(false);
    AgentEnvironment agent = ahead(env, () -> AgentEnvironment.fromEnvironment(env));
    Path sandbox =
        agent
            .sandbox()
            .or(agent::directory)
            .orElseGet(() -> Path.of(System.getProperty("user.dir")));
    configureLogging(sandbox, ahead(env, () -> Settings.logging(env)));
    // Log4j starts while the settings are read and libmesos loads, neither of which logs.
    LogStart logging = LogStart.begin();
    Settings settings = Settings.fromEnvironment(env);
    Optional<String> whyNot = NativeDriver.whyNot(settings.agent());
    if (whyNot.isPresent()) {
      err.println("mesos-task-executor: " + whyNot.get());
      return STARTUP_ERROR;
    }
    LibcPreload.start(sandbox);
    logging.await();
    warnOfEncoding();
    try (ExecutorRuntime runtime = new ExecutorRuntime(settings, env, sandbox, args)) {
      Thread hook = runtime.installShutdownHook(settings.shutdownGracePeriod(), () -> 0);
      Status end = NativeDriver.run(runtime.executor());
      LogManager.getLogger(Main.class).info("Driver ended: {}", end);
      ExecutorRuntime.removeShutdownHook(hook);
      return end == Status.DRIVER_STOPPED ? 0 : 1;
    }
  }

  /**
   * Points conf/log4j2.properties at the sandbox and the events' destination, and adds the
   * operator's own configuration after it (EXECUTOR_LOG4J_CONFIG: Log4j merges the two, the later
   * one replacing what it names again); must run before Log4j starts ({@link LogStart}).
   */
  private static void configureLogging(Path sandbox, Settings.Logging settings) {
    System.setProperty("executor.sandbox", sandbox.toString());
    System.setProperty("executor.logLevel", settings.level());
    System.setProperty("executor.events.host", settings.events().host());
    System.setProperty("executor.events.port", Integer.toString(settings.events().port()));
    settings
        .events()
        .log4jConfig()
        .ifPresent(
            own -> {
              String base = System.getProperty(LOG4J_CONFIGURATION, "log4j2.properties");
              System.setProperty(LOG4J_CONFIGURATION, base + "," + own);
            });
  }

  /**
   * Some settings, read ahead of the rest so that logging can start sooner; a bad one is reported
   * as {@link Settings#fromEnvironment} reports it, which names the first bad setting in its order.
   */
  private static <T> T ahead(Map<String, String> env, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (SettingsException e) {
      Settings.fromEnvironment(env);
      throw e;
    }
  }

  /** Says in executor.log when the JVM cannot pass non-ASCII text on; Log4j must have started. */
  private static void warnOfEncoding() {
    NativeEncoding.problem().ifPresent(problem -> LogManager.getLogger(Main.class).warn(problem));
  }

  private static org.apache.mesos.Protos.SlaveID localAgent() {
    return org.apache.mesos.Protos.SlaveID.newBuilder().setValue("local-agent").build();
  }
}
