package org.mesosexec.settings;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.re2j.Matcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** The settings of DESIGN §7 as an operator sets them through the executor's environment. */
public class SettingsTest {

  private static SettingsException rejected(String name, String value) {
    return assertThrows(
        SettingsException.class, () -> Settings.fromEnvironment(Map.of(name, value)));
  }

  private static Settings with(String name, String value) {
    return Settings.fromEnvironment(Map.of(name, value));
  }

  @Test
  public void defaultsMatchTheDesignTable() {
    Settings s = Settings.defaults();

    assertEquals("INFO", s.logLevel());
    assertEquals(512, s.maxMessageLength());
    assertEquals(4096, s.maxBytesReadPerLine());
    assertEquals("stdout", s.progressOutputFile());
    assertEquals(Optional.empty(), s.progressOutputFileEnv());
    assertEquals("progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)", s.progressRegex().get().pattern());
    assertEquals(Duration.ofSeconds(1), s.progressSampleInterval());
    assertEquals(List.of(), s.resetVars());
    assertEquals(Duration.ofSeconds(5), s.shutdownGracePeriod());
    assertEquals(Duration.ofSeconds(10), s.idleTimeout());
    assertEquals(Duration.ofSeconds(1), s.stopDelay());
  }

  @Test
  public void defaultRegexCapturesPercentAndMessage() {
    Matcher m = Settings.defaults().progressRegex().get().matcher("progress: 42.5 loading data");

    assertTrue(m.matches());
    assertEquals("42.5", m.group(1));
    assertEquals(" loading data", m.group(2));
  }

  @Test
  public void readsEveryNumericSettingFromTheEnvironment() {
    Settings s =
        Settings.fromEnvironment(
            Map.of(
                "EXECUTOR_MAX_MESSAGE_LENGTH", "100",
                "EXECUTOR_MAX_BYTES_READ_PER_LINE", "2048",
                "PROGRESS_SAMPLE_INTERVAL_MS", "250"));

    assertEquals(100, s.maxMessageLength());
    assertEquals(2048, s.maxBytesReadPerLine());
    assertEquals(Duration.ofMillis(250), s.progressSampleInterval());
  }

  @Test
  public void acceptsEachMinimumExactly() {
    Settings s =
        Settings.fromEnvironment(
            Map.of(
                "EXECUTOR_MAX_MESSAGE_LENGTH", "64",
                "EXECUTOR_MAX_BYTES_READ_PER_LINE", "128",
                "PROGRESS_SAMPLE_INTERVAL_MS", "100"));

    assertEquals(64, s.maxMessageLength());
    assertEquals(128, s.maxBytesReadPerLine());
    assertEquals(Duration.ofMillis(100), s.progressSampleInterval());
  }

  @Test
  public void rejectsMessageLengthBelowMinimumNamingTheVariable() {
    SettingsException e = rejected("EXECUTOR_MAX_MESSAGE_LENGTH", "63");

    assertEquals(
        "Setting EXECUTOR_MAX_MESSAGE_LENGTH: 63 is below the minimum of 64", e.getMessage());
  }

  @Test
  public void rejectsBytesPerLineBelowMinimumNamingTheVariable() {
    SettingsException e = rejected("EXECUTOR_MAX_BYTES_READ_PER_LINE", "127");

    assertEquals(
        "Setting EXECUTOR_MAX_BYTES_READ_PER_LINE: 127 is below the minimum of 128",
        e.getMessage());
  }

  @Test
  public void rejectsSampleIntervalBelowMinimumNamingTheVariable() {
    SettingsException e = rejected("PROGRESS_SAMPLE_INTERVAL_MS", "99");

    assertEquals(
        "Setting PROGRESS_SAMPLE_INTERVAL_MS: 99 is below the minimum of 100", e.getMessage());
  }

  @Test
  public void rejectsNegativeNumbersAsBelowMinimum() {
    SettingsException e = rejected("EXECUTOR_MAX_MESSAGE_LENGTH", "-512");

    assertThat(e.getMessage(), containsString("EXECUTOR_MAX_MESSAGE_LENGTH"));
    assertThat(e.getMessage(), containsString("below the minimum of 64"));
  }

  @Test
  public void rejectsNonNumbersNamingTheVariableAndTheValue() {
    SettingsException e = rejected("EXECUTOR_MAX_MESSAGE_LENGTH", "lots");

    assertEquals(
        "Setting EXECUTOR_MAX_MESSAGE_LENGTH: 'lots' is not a whole number", e.getMessage());
  }

  @Test
  public void rejectsDecimalSampleIntervalAsNotWhole() {
    SettingsException e = rejected("PROGRESS_SAMPLE_INTERVAL_MS", "150.5");

    assertEquals(
        "Setting PROGRESS_SAMPLE_INTERVAL_MS: '150.5' is not a whole number", e.getMessage());
  }

  @Test
  public void rejectsBytesPerLineWithUnitNamingTheVariable() {
    SettingsException e = rejected("EXECUTOR_MAX_BYTES_READ_PER_LINE", "4KB");

    assertThat(e.getMessage(), containsString("EXECUTOR_MAX_BYTES_READ_PER_LINE"));
    assertThat(e.getMessage(), containsString("'4KB' is not a whole number"));
  }

  @Test
  public void toleratesSpacesAroundNumbers() {
    assertEquals(300, with("EXECUTOR_MAX_MESSAGE_LENGTH", " 300 ").maxMessageLength());
  }

  @Test
  public void rejectsBadRegexNamingTheVariable() {
    SettingsException e = rejected("PROGRESS_REGEX_STRING", "progress: (\\d+");

    assertThat(e.getMessage(), containsString("Setting PROGRESS_REGEX_STRING: "));
    assertThat(e.getMessage(), containsString("is not a valid regular expression"));
    assertThat(e.getMessage(), containsString("'progress: (\\d+'"));
  }

  @Test
  public void rejectsABacktrackingRegexNamingTheVariableAndTheConstruct() {
    SettingsException e = rejected("PROGRESS_REGEX_STRING", "((a+)\\2?)+$");

    assertThat(
        e.getMessage(),
        containsString(
            "Setting PROGRESS_REGEX_STRING: '((a+)\\2?)+$' uses a backreference ('\\2')"));
  }

  @Test
  public void rejectsARegexWithoutCaptureGroupNamingTheVariable() {
    SettingsException e = rejected("PROGRESS_REGEX_STRING", "progress:");

    assertThat(
        e.getMessage(),
        containsString("Setting PROGRESS_REGEX_STRING: 'progress:' has no capture group"));
  }

  @Test
  public void aLongBadRegexIsQuotedInPart() {
    SettingsException e = rejected("PROGRESS_REGEX_STRING", "(a)" + "b".repeat(5000));

    assertThat(e.getMessage(), containsString("characters long"));
    assertTrue(e.getMessage(), e.getMessage().length() < 400);
  }

  @Test
  public void emptyRegexTurnsProgressTrackingOff() {
    assertEquals(Optional.empty(), with("PROGRESS_REGEX_STRING", "").progressRegex());
  }

  @Test
  public void customRegexIsCompiled() {
    Settings s = with("PROGRESS_REGEX_STRING", "done (\\d+)%(.*)");

    assertEquals("done (\\d+)%(.*)", s.progressRegex().get().pattern());
  }

  @Test
  public void logLevelIsCaseInsensitive() {
    assertEquals("DEBUG", with("EXECUTOR_LOG_LEVEL", "debug").logLevel());
    assertEquals("WARN", with("EXECUTOR_LOG_LEVEL", " Warn ").logLevel());
  }

  @Test
  public void rejectsUnknownLogLevelListingTheKnownOnes() {
    SettingsException e = rejected("EXECUTOR_LOG_LEVEL", "LOUD");

    assertEquals(
        "Setting EXECUTOR_LOG_LEVEL: 'LOUD' is not a log level; use one of"
            + " [OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL]",
        e.getMessage());
  }

  @Test
  public void resetVarsIsACommaListIgnoringSpacesAndEmptyItems() {
    Settings s = with("EXECUTOR_RESET_VARS", "AWS_SECRET, TOKEN ,,HOME,");

    assertEquals(List.of("AWS_SECRET", "TOKEN", "HOME"), s.resetVars());
  }

  @Test
  public void emptyResetVarsRemovesNothing() {
    assertEquals(List.of(), with("EXECUTOR_RESET_VARS", "").resetVars());
  }

  @Test
  public void relativeProgressFileIsAccepted() {
    assertEquals(
        "logs/progress.txt",
        with("PROGRESS_OUTPUT_FILE", "logs/progress.txt").progressOutputFile());
  }

  @Test
  public void rejectsAbsoluteProgressFileNamingTheVariable() {
    SettingsException e = rejected("PROGRESS_OUTPUT_FILE", "/var/log/progress");

    assertEquals(
        "Setting PROGRESS_OUTPUT_FILE: '/var/log/progress' must be a path relative to the task"
            + " directory, without '..'",
        e.getMessage());
  }

  @Test
  public void rejectsProgressFileLeavingTheTaskDirectory() {
    SettingsException e = rejected("PROGRESS_OUTPUT_FILE", "../other-task/stdout");

    assertThat(e.getMessage(), containsString("PROGRESS_OUTPUT_FILE"));
    assertThat(e.getMessage(), containsString("without '..'"));
  }

  @Test
  public void rejectsDotDotInTheMiddleOfTheProgressFile() {
    SettingsException e = rejected("PROGRESS_OUTPUT_FILE", "logs/../../secret");

    assertThat(e.getMessage(), containsString("PROGRESS_OUTPUT_FILE"));
  }

  @Test
  public void progressFileEnvNamesTheVariableWhenSet() {
    Settings s = with("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "COOK_PROGRESS_FILE");

    assertEquals(Optional.of("COOK_PROGRESS_FILE"), s.progressOutputFileEnv());
  }

  @Test
  public void blankProgressFileEnvMeansNone() {
    assertFalse(with("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", " ").progressOutputFileEnv().isPresent());
  }

  @Test
  public void shutdownGracePeriodTakesStoutDurations() {
    assertEquals(
        Duration.ofSeconds(90),
        with("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "1.5mins").shutdownGracePeriod());
    assertEquals(
        Duration.ofMillis(500),
        with("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "500ms").shutdownGracePeriod());
    assertEquals(
        Duration.ofSeconds(20),
        with("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "20secs").shutdownGracePeriod());
  }

  @Test
  public void rejectsShutdownGracePeriodWithoutUnitNamingTheVariable() {
    SettingsException e = rejected("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5");

    assertThat(e.getMessage(), containsString("Setting MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "));
    assertThat(e.getMessage(), containsString("'5' is not a duration"));
  }

  @Test
  public void idleTimeoutAndStopDelayTakeStoutDurations() {
    Settings s =
        Settings.fromEnvironment(
            Map.of("EXECUTOR_IDLE_TIMEOUT", "2mins", "EXECUTOR_STOP_DELAY", "250ms"));

    assertEquals(Duration.ofMinutes(2), s.idleTimeout());
    assertEquals(Duration.ofMillis(250), s.stopDelay());
  }

  @Test
  public void rejectsBadIdleTimeoutNamingTheVariable() {
    assertThat(
        rejected("EXECUTOR_IDLE_TIMEOUT", "10s").getMessage(),
        containsString("Setting EXECUTOR_IDLE_TIMEOUT: '10s' is not a duration"));
  }

  @Test
  public void rejectsBadStopDelayNamingTheVariable() {
    assertThat(
        rejected("EXECUTOR_STOP_DELAY", "soon").getMessage(),
        containsString("Setting EXECUTOR_STOP_DELAY: 'soon' is not a duration"));
  }

  @Test
  public void ignoresUnrelatedVariables() {
    Settings s = with("PATH", "/usr/bin:/bin");

    assertEquals("INFO", s.logLevel());
    assertEquals(512, s.maxMessageLength());
    assertEquals(List.of(), s.resetVars());
  }

  @Test
  public void hooksAreOffAndBoundedTenSecondsByDefault() {
    Settings s = Settings.defaults();

    assertEquals(java.util.Optional.empty(), s.hooksDir());
    assertEquals(java.time.Duration.ofSeconds(10), s.hookTimeout());
  }

  @Test
  public void rejectsAHooksDirThatIsNotAnExistingAbsoluteDirectory() {
    assertThat(
        rejected("EXECUTOR_HOOKS_DIR", "/no/such/hooks").getMessage(),
        containsString("Setting EXECUTOR_HOOKS_DIR: '/no/such/hooks' is not a directory"));
    assertThat(
        rejected("EXECUTOR_HOOKS_DIR", "hooks").getMessage(),
        containsString("Setting EXECUTOR_HOOKS_DIR: 'hooks' must be an absolute path"));
  }

  @Test
  public void rejectsAHookTimeoutOfZeroOrGarbage() {
    assertThat(
        rejected("EXECUTOR_HOOK_TIMEOUT", "0secs").getMessage(),
        containsString("Setting EXECUTOR_HOOK_TIMEOUT: '0secs' must be longer than zero"));
    assertThat(
        rejected("EXECUTOR_HOOK_TIMEOUT", "a while").getMessage(),
        containsString("Setting EXECUTOR_HOOK_TIMEOUT: 'a while' is not a duration"));
  }

  @Test
  public void theTaskEnvironmentHasNoneOfTheExecutorsOwnVariables() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    for (String own : Settings.OWN_VARIABLES) {
      env.put(own, "x");
    }
    env.put(ScriptLocale.SET, "LC_CTYPE=C.UTF-8"); // a record that parses, of a variable not set
    env.put("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_PROGRESS_FILE");
    env.put("MY_PROGRESS_FILE", "progress.txt");
    env.put("PATH", "/usr/bin:/bin");
    env.put("MESOS_SANDBOX", "/sandbox");
    env.put("EXECUTOR_RESET_VARS", "GONE");
    env.put("GONE", "1");

    Settings settings =
        Settings.fromEnvironment(
            java.util.Map.of(
                "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
                "MY_PROGRESS_FILE",
                "EXECUTOR_RESET_VARS",
                "GONE"));

    java.util.Map<String, String> task = settings.taskEnvironment(env);

    assertEquals(
        java.util.Map.of(
            "MY_PROGRESS_FILE",
            "progress.txt",
            "PATH",
            "/usr/bin:/bin",
            "MESOS_SANDBOX",
            "/sandbox"),
        task);
  }

  @Test
  public void maxBytesReadPerLineHasAMaximumOfOneMebibyte() {
    assertEquals(
        1048576, with("EXECUTOR_MAX_BYTES_READ_PER_LINE", "1048576").maxBytesReadPerLine());
    assertEquals(
        "Setting EXECUTOR_MAX_BYTES_READ_PER_LINE: 1048577 is above the maximum of 1048576",
        rejected("EXECUTOR_MAX_BYTES_READ_PER_LINE", "1048577").getMessage());
  }

  @Test
  public void progressOutputFileEnvMustBeAVariableName() {
    assertEquals(
        java.util.Optional.of("MY_PROGRESS_1"),
        with("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_PROGRESS_1").progressOutputFileEnv());
    assertEquals(
        java.util.Optional.empty(),
        with("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", " ").progressOutputFileEnv());
    for (String bad : java.util.List.of("A=B", "1X", "A B", "A\0B", "X".repeat(256))) {
      String message = rejected("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", bad).getMessage();
      assertTrue(message, message.startsWith("Setting EXECUTOR_PROGRESS_OUTPUT_FILE_ENV: '"));
      assertTrue(message, message.contains("is not a variable name"));
    }
  }

  @Test
  public void aMegabyteSettingIsQuotedShort() {
    String message = rejected("EXECUTOR_LOG_LEVEL", "x".repeat(1 << 20)).getMessage();

    assertTrue(message, message.length() < 500);
    assertTrue(message, message.contains("(1048576 characters)"));
  }

  @Test
  public void durationSettingsPastTenYearsAreRefused() {
    assertEquals(
        java.time.Duration.ofDays(3650), with("EXECUTOR_IDLE_TIMEOUT", "3650days").idleTimeout());
    assertTrue(
        rejected("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "3651days")
            .getMessage()
            .contains("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: '3651days' is too long a duration"));
  }

  @Test
  public void agentVariablesDefaultAsAnAgentWithoutThemWould() {
    AgentEnvironment agent = Settings.defaults().agent();

    assertFalse(agent.checkpoint());
    assertEquals(Duration.ofMinutes(15), agent.recoveryTimeout());
    assertEquals(Optional.empty(), agent.directory());
    assertEquals(Optional.empty(), agent.sandbox());
    assertEquals(java.nio.file.Path.of("/own"), agent.hostSandbox(java.nio.file.Path.of("/own")));
  }

  @Test
  public void agentVariablesAreReadFromTheEnvironment() {
    AgentEnvironment agent =
        Settings.fromEnvironment(
                Map.of(
                    "MESOS_CHECKPOINT", "1",
                    "MESOS_RECOVERY_TIMEOUT", "30secs",
                    "MESOS_DIRECTORY", "/var/lib/mesos/slaves/s1/run",
                    "MESOS_SANDBOX", "/mnt/mesos/sandbox",
                    "MESOS_SLAVE_PID", "slave(1)@10.0.0.1:5051"))
            .agent();

    assertTrue(agent.checkpoint());
    assertEquals(Duration.ofSeconds(30), agent.recoveryTimeout());
    assertEquals(
        java.nio.file.Path.of("/var/lib/mesos/slaves/s1/run"),
        agent.hostSandbox(java.nio.file.Path.of("/mnt/mesos/sandbox")));
    assertEquals(Optional.of(java.nio.file.Path.of("/mnt/mesos/sandbox")), agent.sandbox());
    assertEquals(Optional.of("slave(1)@10.0.0.1:5051"), agent.agentPid());
    assertFalse(with("MESOS_CHECKPOINT", "0").agent().checkpoint());
  }

  @Test
  public void aBadRecoveryTimeoutIsAnErrorNotTheDefault() {
    assertThat(
        rejected("MESOS_RECOVERY_TIMEOUT", "soon").getMessage(),
        containsString("Setting MESOS_RECOVERY_TIMEOUT: 'soon' is not a duration"));
  }

  @Test
  public void checkpointIsOneOrZero() {
    for (String bad : List.of("yes", "true", "", "2")) {
      assertThat(
          rejected("MESOS_CHECKPOINT", bad).getMessage(),
          containsString("Setting MESOS_CHECKPOINT: '" + bad + "' is neither 1"));
    }
  }

  @Test
  public void sandboxVariablesMustBeAbsolutePaths() {
    for (String name : List.of("MESOS_DIRECTORY", "MESOS_SANDBOX")) {
      for (String bad : List.of("", "relative/dir", "a\0b")) {
        assertThat(rejected(name, bad).getMessage(), containsString("Setting " + name + ": '"));
      }
    }
  }

  @Test
  public void theLocalModePlaysTheAgentWithItsOwnSandboxAndCheckpointing() {
    java.nio.file.Path sandbox = java.nio.file.Path.of("/tmp/local-sandbox");
    Settings local =
        with("MESOS_RECOVERY_TIMEOUT", "1mins")
            .withAgent(with("MESOS_RECOVERY_TIMEOUT", "1mins").agent().local(sandbox, true));

    assertTrue(local.agent().checkpoint());
    assertEquals(Duration.ofMinutes(1), local.agent().recoveryTimeout());
    assertEquals(sandbox, local.agent().hostSandbox(java.nio.file.Path.of("/elsewhere")));
    assertEquals(Optional.of(sandbox), local.agent().sandbox());
  }
}
