package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.TaskState;
import org.junit.Test;
import org.mesosexec.output.OutputSpec;
import org.mesosexec.settings.Settings;

/**
 * Where a task's progress comes from and how it is read, as settled from the executor's settings
 * (DESIGN §7), Cook's variable indirection and the task's spec, whose values win.
 */
public class ProgressSetupTest {
  private static final Path SANDBOX =
      Path.of("/var/lib/mesos/slaves/a/frameworks/f/executors/e" + "/runs/r");
  private static final Path TASK_DIR = SANDBOX.resolve("tasks/t1");

  private static Settings settings(String... nameValue) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      env.put(nameValue[i], nameValue[i + 1]);
    }
    return Settings.fromEnvironment(env);
  }

  private static TaskSpec spec(
      Optional<String> file, Optional<String> regex, Optional<Duration> interval) {
    return new TaskSpec(
        new Work.Shell("true"),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(new TaskSpec.ProgressSpec(file, regex.map(Pattern::compile), interval)),
        Optional.empty(),
        Optional.empty(),
        false,
        TaskState.TASK_ERROR,
        OutputSpec.none());
  }

  private static TaskSpec noProgressSpec() {
    return TaskSpec.of(new Work.Shell("true"));
  }

  private static ProgressSetup resolve(Settings settings, TaskSpec spec, Map<String, String> env) {
    return ProgressSetup.resolve(settings, spec, env, TASK_DIR, SANDBOX);
  }

  private static InvalidTaskException refused(Settings settings, Map<String, String> env) {
    return assertThrows(InvalidTaskException.class, () -> resolve(settings, noProgressSpec(), env));
  }

  @Test
  public void byDefaultTheTaskStdoutIsTheProgressFileAndTheDefaultRegexIsUsed() {
    ProgressSetup p = resolve(Settings.defaults(), noProgressSpec(), Map.of());

    assertEquals(TASK_DIR.resolve("stdout"), p.file());
    assertEquals("EXECUTOR_PROGRESS_OUTPUT_FILE", p.variable());
    assertEquals(Settings.DEFAULT_PROGRESS_REGEX, p.regex().orElseThrow().pattern());
    assertEquals(Duration.ofSeconds(1), p.sampleInterval());
  }

  @Test
  public void theProgressOutputFileSettingIsRelativeToTheTaskDirectory() {
    ProgressSetup p =
        resolve(settings("PROGRESS_OUTPUT_FILE", "logs/progress.txt"), noProgressSpec(), Map.of());

    assertEquals(TASK_DIR.resolve("logs/progress.txt"), p.file());
  }

  @Test
  public void theDefaultVariableNamesTheFileWhenTheTaskEnvironmentSetsIt() {
    ProgressSetup p =
        resolve(
            settings("PROGRESS_OUTPUT_FILE", "setting.txt"),
            noProgressSpec(),
            Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "from-variable.txt"));

    assertEquals(TASK_DIR.resolve("from-variable.txt"), p.file());
    assertEquals("EXECUTOR_PROGRESS_OUTPUT_FILE", p.variable());
  }

  @Test
  public void cooksIndirectionNamesTheVariableThatHoldsTheFile() {
    Settings s =
        settings(
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
            "COOK_PROGRESS_FILE",
            "PROGRESS_OUTPUT_FILE",
            "setting.txt");

    ProgressSetup p =
        resolve(
            s,
            noProgressSpec(),
            Map.of(
                "COOK_PROGRESS_FILE",
                "cook.txt",
                "EXECUTOR_PROGRESS_OUTPUT_FILE",
                "not-this-one.txt"));

    assertEquals(TASK_DIR.resolve("cook.txt"), p.file());
    assertEquals(
        "the task is told its file in the named variable", "COOK_PROGRESS_FILE", p.variable());
  }

  @Test
  public void withTheNamedVariableUnsetTheSettingNamesTheFile() {
    Settings s =
        settings(
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
            "COOK_PROGRESS_FILE",
            "PROGRESS_OUTPUT_FILE",
            "setting.txt");

    ProgressSetup unset = resolve(s, noProgressSpec(), Map.of());
    ProgressSetup blank = resolve(s, noProgressSpec(), Map.of("COOK_PROGRESS_FILE", " "));

    assertEquals(TASK_DIR.resolve("setting.txt"), unset.file());
    assertEquals(TASK_DIR.resolve("setting.txt"), blank.file());
    assertEquals("COOK_PROGRESS_FILE", unset.variable());
  }

  @Test
  public void anAbsolutePathInsideTheSandboxFromTheVariableIsUsedAsGiven() {
    Path inside = SANDBOX.resolve("shared/progress.txt");

    ProgressSetup p =
        resolve(
            Settings.defaults(),
            noProgressSpec(),
            Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", inside.toString()));

    assertEquals(inside, p.file());
  }

  @Test
  public void theSpecFileWinsOverTheVariableAndTheSetting() {
    Settings s =
        settings(
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV",
            "COOK_PROGRESS_FILE",
            "PROGRESS_OUTPUT_FILE",
            "setting.txt");

    ProgressSetup p =
        resolve(
            s,
            spec(Optional.of("spec.txt"), Optional.empty(), Optional.empty()),
            Map.of("COOK_PROGRESS_FILE", "cook.txt"));

    assertEquals(TASK_DIR.resolve("spec.txt"), p.file());
    assertEquals("COOK_PROGRESS_FILE", p.variable());
  }

  @Test
  public void theSpecRegexAndIntervalWinOverTheSettings() {
    Settings s =
        settings("PROGRESS_REGEX_STRING", "pct=(\\d+)", "PROGRESS_SAMPLE_INTERVAL_MS", "5000");

    ProgressSetup p =
        resolve(
            s,
            spec(
                Optional.empty(), Optional.of("done (\\d+)%"), Optional.of(Duration.ofMillis(200))),
            Map.of());

    assertEquals("done (\\d+)%", p.regex().orElseThrow().pattern());
    assertEquals(Duration.ofMillis(200), p.sampleInterval());
  }

  @Test
  public void settingsApplyWhereTheSpecIsSilent() {
    Settings s =
        settings(
            "PROGRESS_REGEX_STRING",
            "pct=(\\d+)",
            "PROGRESS_SAMPLE_INTERVAL_MS",
            "5000",
            "PROGRESS_OUTPUT_FILE",
            "p.txt");

    ProgressSetup p =
        resolve(s, spec(Optional.empty(), Optional.empty(), Optional.empty()), Map.of());

    assertEquals("pct=(\\d+)", p.regex().orElseThrow().pattern());
    assertEquals(Duration.ofSeconds(5), p.sampleInterval());
    assertEquals(TASK_DIR.resolve("p.txt"), p.file());
  }

  @Test
  public void anEmptySpecRegexTurnsTrackingOffWhateverTheSetting() {
    ProgressSetup p =
        resolve(
            Settings.defaults(),
            spec(Optional.empty(), Optional.of(""), Optional.empty()),
            Map.of());

    assertFalse(p.regex().isPresent());
  }

  @Test
  public void anEmptyRegexInTheSpecJsonTurnsTrackingOff() {
    TaskSpec spec =
        TaskSpecParser.parse(
            JsonParser.parseString("{\"command\": \"true\", \"progress\": {\"regex\": \"\"}}")
                .getAsJsonObject());

    ProgressSetup p = resolve(Settings.defaults(), spec, Map.of());

    assertFalse(p.regex().isPresent());
  }

  @Test
  public void anEmptyRegexSettingTurnsTrackingOffUnlessTheSpecGivesOne() {
    Settings off = settings("PROGRESS_REGEX_STRING", "");

    ProgressSetup silent = resolve(off, noProgressSpec(), Map.of());
    ProgressSetup own =
        resolve(off, spec(Optional.empty(), Optional.of("p=(\\d+)"), Optional.empty()), Map.of());

    assertFalse(silent.regex().isPresent());
    assertEquals("p=(\\d+)", own.regex().orElseThrow().pattern());
  }

  @Test
  public void aFileFromTheVariableOutsideTheSandboxIsRefusedNamingTheFileAndTheVariable() {
    InvalidTaskException e =
        refused(
            Settings.defaults(), Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "../../../../etc/passwd"));

    assertEquals(
        "progress file '../../../../etc/passwd' (from EXECUTOR_PROGRESS_OUTPUT_FILE) is"
            + " outside the sandbox "
            + SANDBOX,
        e.getMessage());
  }

  @Test
  public void anAbsoluteFileOutsideTheSandboxFromCooksVariableIsRefused() {
    InvalidTaskException e =
        refused(
            settings("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "COOK_PROGRESS_FILE"),
            Map.of("COOK_PROGRESS_FILE", "/etc/passwd"));

    assertEquals(
        "progress file '/etc/passwd' (from COOK_PROGRESS_FILE) is outside the sandbox " + SANDBOX,
        e.getMessage());
  }

  @Test
  public void aSiblingDirectoryWhoseNameStartsLikeTheSandboxIsOutsideIt() {
    // SANDBOX is .../runs/r; this resolves to .../runs/r-other/progress.txt.
    InvalidTaskException e =
        refused(
            Settings.defaults(),
            Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "../../../r-other/progress.txt"));

    assertTrue(e.getMessage(), e.getMessage().contains("is outside the sandbox"));
  }

  @Test
  public void dotsThatStayInsideTheSandboxAreAllowed() {
    ProgressSetup p =
        resolve(
            Settings.defaults(),
            noProgressSpec(),
            Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "./sub/../progress.txt"));

    assertEquals(TASK_DIR.resolve("progress.txt"), p.file());
  }
}
