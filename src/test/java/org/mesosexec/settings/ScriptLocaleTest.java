package org.mesosexec.settings;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** The locale that run-executor.sh set for the JVM, as a task's environment sees it. */
public class ScriptLocaleTest {

  private static Map<String, String> taskEnvironment(Map<String, String> executorEnv) {
    return Settings.defaults().taskEnvironment(executorEnv);
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  public void anLcCtypeTheScriptAddedIsNotPassedOnNorAreItsRecords() {
    Map<String, String> task =
        taskEnvironment(
            env("PATH", "/bin", "LC_CTYPE", "C.UTF-8", ScriptLocale.SET, "LC_CTYPE=C.UTF-8"));

    assertEquals(Map.of("PATH", "/bin"), task);
  }

  @Test
  public void anLcAllTheScriptReplacedIsRestoredToTheOperatorsValue() {
    Map<String, String> task =
        taskEnvironment(
            env(
                "LC_ALL",
                "C.utf8",
                "LANG",
                "de_DE",
                ScriptLocale.SET,
                "LC_ALL=C.utf8",
                ScriptLocale.WAS,
                "POSIX"));

    assertEquals(Map.of("LC_ALL", "POSIX", "LANG", "de_DE"), task);
  }

  @Test
  public void aReplacedEmptyValueComesBackEmpty() {
    Map<String, String> task =
        taskEnvironment(
            env("LC_CTYPE", "C.utf8", ScriptLocale.SET, "LC_CTYPE=C.utf8", ScriptLocale.WAS, ""));

    assertEquals(Map.of("LC_CTYPE", ""), task);
  }

  @Test
  public void aLocaleTheOperatorSetIsKeptWhenTheScriptChangedNothing() {
    Map<String, String> task = taskEnvironment(env("LC_ALL", "C.UTF-8", "LANG", "en_US.UTF-8"));

    assertEquals(Map.of("LC_ALL", "C.UTF-8", "LANG", "en_US.UTF-8"), task);
  }

  @Test
  public void aVariableThatNoLongerHoldsTheScriptsValueIsLeftAlone() {
    Map<String, String> task =
        taskEnvironment(env("LC_CTYPE", "en_US.UTF-8", ScriptLocale.SET, "LC_CTYPE=C.UTF-8"));

    assertEquals(Map.of("LC_CTYPE", "en_US.UTF-8"), task);
  }

  @Test
  public void resetVarsStillRemoveARestoredVariable() {
    Map<String, String> task =
        Settings.fromEnvironment(Map.of("EXECUTOR_RESET_VARS", "LC_ALL"))
            .taskEnvironment(
                env(
                    "LC_ALL",
                    "C.utf8",
                    ScriptLocale.SET,
                    "LC_ALL=C.utf8",
                    ScriptLocale.WAS,
                    "POSIX"));

    assertEquals(Map.of(), task);
  }

  @Test
  public void aRecordThatIsNotLcAllOrLcCtypeIsAStartupErrorNamingTheVariable() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> taskEnvironment(env("PATH", "/bin", ScriptLocale.SET, "PATH=/tmp")));
    assertThat(
        e.getMessage(),
        containsString(
            "Setting EXECUTOR_SCRIPT_LOCALE (set by run-executor.sh): 'PATH' is not one of"));

    e =
        assertThrows(
            SettingsException.class,
            () -> taskEnvironment(env(ScriptLocale.SET, "x".repeat(10_000))));
    assertThat(e.getMessage(), containsString("is not NAME=VALUE"));
    assertEquals(true, e.getMessage().length() < 400);
  }
}
