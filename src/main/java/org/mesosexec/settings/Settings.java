package org.mesosexec.settings;

import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The executor's settings, read once from the environment at start-up (DESIGN §7). Every value is
 * validated here: a value that does not parse is an error naming its variable, never a silent
 * default.
 *
 * @param logLevel level of {@code executor.log}
 * @param maxMessageLength cap on progress message length
 * @param maxBytesReadPerLine longest output line parsed for progress
 * @param progressOutputFile file watched for progress, relative to the task directory
 * @param progressOutputFileEnv name of the variable that holds the progress file (Cook)
 * @param progressRegex progress pattern; empty when tracking is off
 * @param progressSampleInterval at most one progress message per interval
 * @param resetVars variables removed from every task's environment
 * @param shutdownGracePeriod the agent's shutdown budget for this executor
 * @param idleTimeout how long the executor lingers with no task before it stops itself
 * @param stopDelay pause between the last terminal update and {@code driver.stop()}
 * @param hooksDir the directory of the operator's lifecycle hooks, if any
 * @param hookTimeout how long one hook may run
 * @param agent what the agent said through its own variables ({@code MESOS_*})
 * @param jvm the settings of JVM tasks
 * @param events the settings of output events
 * @param rotation the caps of task stdout and stderr, and how many rotated files are kept
 */
public record Settings(
    String logLevel,
    int maxMessageLength,
    int maxBytesReadPerLine,
    String progressOutputFile,
    Optional<String> progressOutputFileEnv,
    Optional<Pattern> progressRegex,
    Duration progressSampleInterval,
    List<String> resetVars,
    Duration shutdownGracePeriod,
    Duration idleTimeout,
    Duration stopDelay,
    Optional<Path> hooksDir,
    Duration hookTimeout,
    AgentEnvironment agent,
    JvmSettings jvm,
    EventSettings events,
    RotationSettings rotation) {

  public static final String DEFAULT_PROGRESS_REGEX = "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)";

  /**
   * The executor's own variables. They configure the executor, not the task, so none of them is
   * passed on to a task's environment; neither are JAVA_OPTS (the executor JVM's options) and
   * EXECUTOR_CDS_DIR (run-executor.sh's class-data cache).
   */
  public static final List<String> OWN_VARIABLES =
      Stream.of(
              JvmSettings.VARIABLES.stream(),
              EventSettings.VARIABLES.stream(),
              RotationSettings.VARIABLES.stream(),
              Stream.of(
                  "EXECUTOR_LOG_LEVEL",
                  "EXECUTOR_MAX_MESSAGE_LENGTH",
                  "EXECUTOR_MAX_BYTES_READ_PER_LINE",
                  "PROGRESS_OUTPUT_FILE",
                  "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
                  "PROGRESS_REGEX_STRING",
                  "PROGRESS_SAMPLE_INTERVAL_MS",
                  "EXECUTOR_RESET_VARS",
                  "EXECUTOR_IDLE_TIMEOUT",
                  "EXECUTOR_STOP_DELAY",
                  "EXECUTOR_HOOKS_DIR",
                  "EXECUTOR_HOOK_TIMEOUT",
                  "EXECUTOR_CDS_DIR",
                  "JAVA_OPTS",
                  ScriptLocale.SET,
                  ScriptLocale.WAS))
          .flatMap(s -> s)
          .toList();

  /** Longest output line read for progress: each task's reader may hold this much at once. */
  public static final int MAX_BYTES_READ_PER_LINE = 1024 * 1024;

  public Settings {
    Objects.requireNonNull(logLevel);
    Objects.requireNonNull(progressOutputFile);
    Objects.requireNonNull(progressOutputFileEnv);
    Objects.requireNonNull(progressRegex);
    Objects.requireNonNull(progressSampleInterval);
    resetVars = List.copyOf(resetVars);
    Objects.requireNonNull(shutdownGracePeriod);
    Objects.requireNonNull(idleTimeout);
    Objects.requireNonNull(stopDelay);
    Objects.requireNonNull(hooksDir);
    Objects.requireNonNull(hookTimeout);
    Objects.requireNonNull(agent);
    Objects.requireNonNull(jvm);
    Objects.requireNonNull(events);
    Objects.requireNonNull(rotation);
  }

  /**
   * What logging starts from: {@code EXECUTOR_LOG_LEVEL} and the output events' settings.
   *
   * @param level level of {@code executor.log}
   * @param events where the events go, and the operator's own Log4j configuration
   */
  public record Logging(String level, EventSettings events) {
    public Logging {
      Objects.requireNonNull(level);
      Objects.requireNonNull(events);
    }
  }

  /**
   * Reads the settings logging starts from ahead of the others, so that Log4j can start while they
   * are read; {@link #fromEnvironment} reads them again with the rest.
   *
   * @throws SettingsException naming the first of them that does not parse or is out of range
   */
  public static Logging logging(Map<String, String> env) {
    return new Logging(
        new EnvReader(env).get("EXECUTOR_LOG_LEVEL", "INFO", SettingParsers::level),
        EventSettings.fromEnvironment(env));
  }

  /** Settings with every default, as an executor started with an empty environment has them. */
  public static Settings defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads and validates every setting.
   *
   * @throws SettingsException naming the first variable that does not parse or is out of range
   */
  public static Settings fromEnvironment(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new Settings(
        r.get("EXECUTOR_LOG_LEVEL", "INFO", SettingParsers::level),
        r.get("EXECUTOR_MAX_MESSAGE_LENGTH", "512", v -> SettingParsers.atLeast(v, 64)),
        r.get(
            "EXECUTOR_MAX_BYTES_READ_PER_LINE",
            "4096",
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 128), MAX_BYTES_READ_PER_LINE)),
        r.get("PROGRESS_OUTPUT_FILE", "stdout", SettingParsers::relativePath),
        r.get("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "", SettingParsers::variableName),
        r.get("PROGRESS_REGEX_STRING", DEFAULT_PROGRESS_REGEX, SettingParsers::regex),
        r.get(
            "PROGRESS_SAMPLE_INTERVAL_MS",
            "1000",
            v -> Duration.ofMillis(SettingParsers.atLeast(v, 100))),
        r.get("EXECUTOR_RESET_VARS", "", SettingParsers::names),
        r.get("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs", Durations::parse),
        r.get("EXECUTOR_IDLE_TIMEOUT", "10secs", Durations::parse),
        r.get("EXECUTOR_STOP_DELAY", "1secs", Durations::parse),
        r.get("EXECUTOR_HOOKS_DIR", "", SettingParsers::directory),
        r.get("EXECUTOR_HOOK_TIMEOUT", "10secs", SettingParsers::positive),
        AgentEnvironment.fromEnvironment(env),
        JvmSettings.fromEnvironment(env),
        EventSettings.fromEnvironment(env),
        RotationSettings.fromEnvironment(env));
  }

  /** These settings with the agent's variables replaced, as the local mode plays the agent. */
  public Settings withAgent(AgentEnvironment replacement) {
    return new Settings(
        logLevel,
        maxMessageLength,
        maxBytesReadPerLine,
        progressOutputFile,
        progressOutputFileEnv,
        progressRegex,
        progressSampleInterval,
        resetVars,
        shutdownGracePeriod,
        idleTimeout,
        stopDelay,
        hooksDir,
        hookTimeout,
        replacement,
        jvm,
        events,
        rotation);
  }

  /**
   * The environment a task starts from: see {@link TaskEnvironment#of}.
   *
   * @throws SettingsException if the script's locale record does not parse
   */
  public Map<String, String> taskEnvironment(Map<String, String> env) {
    return TaskEnvironment.of(env, resetVars, progressOutputFileEnv);
  }
}
