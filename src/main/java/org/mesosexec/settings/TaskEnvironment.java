package org.mesosexec.settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes the environment a task starts from, out of the executor's own. Stateless. */
final class TaskEnvironment {
  private TaskEnvironment() {}

  /**
   * The environment a task starts from: {@code env} without the executor's own variables, with the
   * locale variable that {@code run-executor.sh} set for the JVM as it was before the script ran
   * ({@link ScriptLocale}), and without {@code resetVars}. The variable that {@code
   * EXECUTOR_PROGRESS_OUTPUT_FILE_ENV} names stays: it is how Cook tells a task where its progress
   * file is.
   *
   * @throws SettingsException if the script's locale record does not parse
   */
  static Map<String, String> of(
      Map<String, String> env, List<String> resetVars, Optional<String> progressOutputFileEnv) {
    Map<String, String> out = new HashMap<>(env);
    Settings.OWN_VARIABLES.forEach(out::remove);
    ScriptLocale.fromEnvironment(env).ifPresent(l -> l.undo(out));
    resetVars.forEach(out::remove);
    progressOutputFileEnv
        .filter(env::containsKey)
        .filter(n -> !resetVars.contains(n))
        .ifPresent(n -> out.put(n, env.get(n)));
    return out;
  }
}
