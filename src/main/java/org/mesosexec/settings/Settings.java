package org.mesosexec.settings;

import com.google.re2j.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mesosexec.progress.ProgressRegex;
import org.mesosexec.text.Quote;

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
    AgentEnvironment agent) {

  public static final String DEFAULT_PROGRESS_REGEX = "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)";

  /**
   * The executor's own variables. They configure the executor, not the task, so none of them is
   * passed on to a task's environment; JAVA_OPTS (the executor JVM's options) neither.
   */
  public static final List<String> OWN_VARIABLES =
      List.of(
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
          "JAVA_OPTS",
          ScriptLocale.SET,
          ScriptLocale.WAS);

  /** Longest output line read for progress: each task's reader may hold this much at once. */
  public static final int MAX_BYTES_READ_PER_LINE = 1024 * 1024;

  /** A portable environment variable name (POSIX), as a task's shell can set it. */
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private static final List<String> LEVELS =
      List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

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
    Reader r = new Reader(env);
    return new Settings(
        r.get("EXECUTOR_LOG_LEVEL", "INFO", Settings::level),
        r.get("EXECUTOR_MAX_MESSAGE_LENGTH", "512", v -> atLeast(v, 64)),
        r.get(
            "EXECUTOR_MAX_BYTES_READ_PER_LINE",
            "4096",
            v -> atMost(atLeast(v, 128), MAX_BYTES_READ_PER_LINE)),
        r.get("PROGRESS_OUTPUT_FILE", "stdout", Settings::relativePath),
        r.get("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "", Settings::variableName),
        r.get("PROGRESS_REGEX_STRING", DEFAULT_PROGRESS_REGEX, Settings::regex),
        r.get("PROGRESS_SAMPLE_INTERVAL_MS", "1000", v -> Duration.ofMillis(atLeast(v, 100))),
        r.get("EXECUTOR_RESET_VARS", "", Settings::names),
        r.get("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs", Durations::parse),
        r.get("EXECUTOR_IDLE_TIMEOUT", "10secs", Durations::parse),
        r.get("EXECUTOR_STOP_DELAY", "1secs", Durations::parse),
        r.get("EXECUTOR_HOOKS_DIR", "", Settings::directory),
        r.get("EXECUTOR_HOOK_TIMEOUT", "10secs", Settings::positive),
        AgentEnvironment.fromEnvironment(env));
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
        replacement);
  }

  private static Optional<Path> directory(String v) {
    if (v.isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(v);
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException(quoted(v) + " must be an absolute path");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(quoted(v) + " is not a directory");
    }
    return Optional.of(dir);
  }

  private static Duration positive(String v) {
    Duration d = Durations.parse(v);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(quoted(v) + " must be longer than zero");
    }
    return d;
  }

  /**
   * The environment a task starts from: {@code env} without the executor's own variables, with the
   * locale variable that {@code run-executor.sh} set for the JVM as it was before the script ran
   * ({@link ScriptLocale}), and without {@code resetVars}. The variable that {@code
   * EXECUTOR_PROGRESS_OUTPUT_FILE_ENV} names stays: it is how Cook tells a task where its progress
   * file is.
   *
   * @throws SettingsException if the script's locale record does not parse
   */
  public Map<String, String> taskEnvironment(Map<String, String> env) {
    Map<String, String> out = new java.util.HashMap<>(env);
    OWN_VARIABLES.forEach(out::remove);
    ScriptLocale.fromEnvironment(env).ifPresent(l -> l.undo(out));
    resetVars.forEach(out::remove);
    progressOutputFileEnv
        .filter(env::containsKey)
        .filter(n -> !resetVars.contains(n))
        .ifPresent(n -> out.put(n, env.get(n)));
    return out;
  }

  private static String level(String v) {
    String upper = v.trim().toUpperCase(java.util.Locale.ROOT);
    if (!LEVELS.contains(upper)) {
      throw new IllegalArgumentException(quoted(v) + " is not a log level; use one of " + LEVELS);
    }
    return upper;
  }

  private static Optional<String> variableName(String v) {
    if (v.isBlank()) {
      return Optional.empty();
    }
    if (!VARIABLE_NAME.matcher(v).matches()) {
      throw new IllegalArgumentException(
          quoted(v)
              + " is not a variable name (letters, digits"
              + " and '_', not starting with a digit, at most 255 characters)");
    }
    return Optional.of(v);
  }

  private static int atMost(int n, int max) {
    if (n > max) {
      throw new IllegalArgumentException(n + " is above the maximum of " + max);
    }
    return n;
  }

  private static int atLeast(String v, int min) {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(quoted(v) + " is not a whole number");
    }
    if (n < min) {
      throw new IllegalArgumentException(n + " is below the minimum of " + min);
    }
    return n;
  }

  private static String relativePath(String v) {
    if (v.isBlank() || v.startsWith("/") || Arrays.asList(v.split("/")).contains("..")) {
      throw new IllegalArgumentException(
          quoted(v) + " must be a path relative to the task directory, without '..'");
    }
    return v;
  }

  private static Optional<Pattern> regex(String v) {
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProgressRegex.compile(v));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(quoted(v) + " " + e.getMessage());
    }
  }

  /** {@code v} in quotes, cut to a readable length: a setting may be megabytes long. */
  private static String quoted(String v) {
    return "'" + Quote.cut(v) + "'";
  }

  private static List<String> names(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Looks up one variable and turns a parse failure into a message that names it. */
  record Reader(Map<String, String> env) {
    <T> T get(String name, String fallback, Function<String, T> parse) {
      String raw = env.getOrDefault(name, fallback);
      try {
        return parse.apply(raw);
      } catch (IllegalArgumentException e) {
        throw new SettingsException("Setting " + name + ": " + e.getMessage());
      }
    }

    /** A variable with no default: empty when unset, parsed (and named on failure) when set. */
    <T> Optional<T> optional(String name, Function<String, T> parse) {
      return env.containsKey(name) ? Optional.of(get(name, "", parse)) : Optional.empty();
    }
  }
}
