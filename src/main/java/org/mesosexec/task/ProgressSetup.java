package org.mesosexec.task;

import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mesosexec.settings.Settings;
import org.mesosexec.text.Quote;

/**
 * One task's progress tracking, settled from the executor's settings, the task's spec (whose values
 * win) and Cook's indirection: {@code EXECUTOR_PROGRESS_OUTPUT_FILE_ENV} names the variable that
 * holds the progress file ({@code EXECUTOR_PROGRESS_OUTPUT_FILE} when unset).
 *
 * @param regex the pattern; empty when tracking is off (an empty regex)
 * @param sampleInterval at most one progress message per interval
 * @param file the progress file, inside the sandbox
 * @param variable the variable that tells the task where its progress file is
 */
record ProgressSetup(Optional<Pattern> regex, Duration sampleInterval, Path file, String variable) {
  static final String DEFAULT_VARIABLE = "EXECUTOR_PROGRESS_OUTPUT_FILE";

  /**
   * @param env the task's environment before the progress variable is set
   * @throws InvalidTaskException when the progress file would be outside the sandbox
   */
  static ProgressSetup resolve(
      Settings settings, TaskSpec spec, Map<String, String> env, Path taskDir, Path sandbox) {
    Optional<TaskSpec.ProgressSpec> own = spec.progress();
    Optional<Pattern> regex =
        own.flatMap(TaskSpec.ProgressSpec::regex)
            .map(p -> p.pattern().isEmpty() ? Optional.<Pattern>empty() : Optional.of(p))
            .orElse(settings.progressRegex());
    Duration interval =
        own.flatMap(TaskSpec.ProgressSpec::sampleInterval)
            .orElse(settings.progressSampleInterval());
    String variable = settings.progressOutputFileEnv().orElse(DEFAULT_VARIABLE);
    String name =
        own.flatMap(TaskSpec.ProgressSpec::file)
            .or(() -> Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank()))
            .orElse(settings.progressOutputFile());
    Path file = taskDir.resolve(name).normalize();
    if (!file.startsWith(sandbox.normalize())) {
      throw new InvalidTaskException(
          "progress file '"
              + Quote.cut(name)
              + "' (from "
              + source(own, env, variable)
              + ") is outside the sandbox "
              + sandbox);
    }
    return new ProgressSetup(regex, interval, file, variable);
  }

  private static String source(
      Optional<TaskSpec.ProgressSpec> own, Map<String, String> env, String variable) {
    if (own.flatMap(TaskSpec.ProgressSpec::file).isPresent()) {
      return "progress.file";
    }
    return env.containsKey(variable) ? variable : "PROGRESS_OUTPUT_FILE";
  }
}
