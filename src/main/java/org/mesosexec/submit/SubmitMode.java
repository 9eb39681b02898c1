package org.mesosexec.submit;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskInfo;
import org.mesosexec.client.ExecutorSetup;
import org.mesosexec.local.JsonLines;
import org.mesosexec.local.TaskFile;
import org.mesosexec.mesos.NativeDriver;
import org.mesosexec.settings.AgentEnvironment;
import org.mesosexec.time.SystemScheduler;

/**
 * {@code run-executor.sh --submit MASTER TASKFILE}: runs the TASKFILE's tasks on a cluster through
 * {@link SubmitScheduler}, a V0 framework on libmesos' scheduler driver. Start-up errors (bad
 * options, TASKFILE, no archive, no libmesos) print one line and return 2 before anything
 * registers.
 */
public final class SubmitMode {
  /** Exit status of a start-up error, as the other modes. */
  public static final int STARTUP_ERROR = 2;

  /** How long SIGINT or SIGTERM waits for the killed tasks' terminal updates. */
  static final Duration INTERRUPT_BUDGET = Duration.ofSeconds(15);

  private static final String PREFIX = "run-executor.sh --submit: ";

  private SubmitMode() {}

  /**
   * Runs the mode; returns the exit status.
   *
   * @param home the directory of {@code run-executor.sh} (the script passes it), if known
   * @param out standard output, for the JSON lines only
   */
  public static int run(
      List<String> args,
      Map<String, String> env,
      Optional<Path> home,
      PrintStream out,
      PrintStream err) {
    SubmitOptions options;
    List<TaskInfo> tasks;
    ExecutorInfo executor;
    try {
      options = SubmitOptions.parse(args);
      URI archive = options.executorUri().orElseGet(() -> builtArchive(home));
      executor = ExecutorSetup.fromArchive(archive).build("mesos-task-executor-submit");
      tasks =
          SubmitTasks.prepare(
              TaskFile.read(options.taskFile(), SlaveID.newBuilder().setValue("unset").build()),
              executor);
    } catch (IllegalArgumentException e) {
      err.println(PREFIX + e.getMessage());
      err.println(SubmitOptions.USAGE);
      return STARTUP_ERROR;
    }
    Optional<String> noLibrary =
        NativeDriver.whyNotLoadable(
            AgentEnvironment.fromEnvironment(env),
            "or use --local to run the TASKFILE without a cluster");
    if (noLibrary.isPresent()) {
      err.println(PREFIX + noLibrary.get());
      return STARTUP_ERROR;
    }
    logTo(err);
    FrameworkInfo.Builder framework =
        FrameworkInfo.newBuilder()
            .setName("mesos-task-executor --submit")
            .setUser(System.getProperty("user.name"));
    options.capabilities().forEach(c -> framework.addCapabilitiesBuilder().setType(c));
    try (SystemScheduler timers = new SystemScheduler()) {
      SubmitScheduler scheduler =
          new SubmitScheduler(tasks, executor, options.kills(), new JsonLines(out), timers);
      Thread hook = new Thread(() -> scheduler.interrupt(INTERRUPT_BUDGET), "submit-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      Status end = NativeScheduler.run(scheduler, framework.build(), options.master());
      LogManager.getLogger(SubmitMode.class).info("Scheduler driver ended: {}", end);
      Runtime.getRuntime().removeShutdownHook(hook);
      return scheduler.interrupt(Duration.ZERO);
    }
  }

  /** The framework's log goes to a new temporary directory, named on stderr. */
  private static void logTo(PrintStream err) {
    try {
      Path dir = Files.createTempDirectory("mesos-executor-submit-");
      System.setProperty("executor.sandbox", dir.toString());
      err.println(PREFIX + "log in " + dir.resolve("executor.log"));
    } catch (java.io.IOException e) {
      err.println(PREFIX + "no log file (" + e + ")");
    }
  }

  /**
   * The archive that {@code mvn package} built, as a {@code file} URI: {@code
   * target/mesos-task-executor.tar.gz} in a source checkout, or the archive beside the directory it
   * was unpacked into. Agents must see the same path (one machine, or a shared file system).
   */
  static URI builtArchive(Optional<Path> home) {
    if (home.isPresent()) {
      Path dir = home.get().toAbsolutePath();
      for (Path candidate :
          List.of(
              dir.resolve("target/mesos-task-executor.tar.gz"),
              dir.resolveSibling("mesos-task-executor.tar.gz"))) {
        if (Files.isRegularFile(candidate)) {
          return candidate.toUri();
        }
      }
    }
    throw new IllegalArgumentException(
        "no built archive found (target/mesos-task-executor.tar.gz in a checkout, or"
            + " mesos-task-executor.tar.gz beside the unpacked directory); build it with mvn"
            + " package or give --executor-uri URI");
  }
}
