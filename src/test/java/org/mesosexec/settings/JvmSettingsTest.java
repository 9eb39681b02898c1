package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class JvmSettingsTest {
  @Test
  public void defaultsAcceptNoSerializedTaskAndCapResultsAt256KiB() {
    JvmSettings jvm = Settings.defaults().jvm();
    assertEquals(Optional.empty(), jvm.serialFilter());
    assertEquals(List.of(), jvm.classpath());
    assertEquals(8, jvm.threads());
    assertEquals(256 * 1024, jvm.maxResultBytes());
  }

  @Test
  public void readsEveryVariable() {
    JvmSettings jvm =
        Settings.fromEnvironment(
                Map.of(
                    "EXECUTOR_JVM_SERIAL_FILTER", "com.acme.jobs.**;maxdepth=20",
                    "EXECUTOR_JVM_CLASSPATH", "lib/*.jar:jobs.jar:",
                    "EXECUTOR_JVM_THREADS", "3",
                    "EXECUTOR_MAX_RESULT_BYTES", "1MB"))
            .jvm();
    assertEquals(Optional.of("com.acme.jobs.**;maxdepth=20"), jvm.serialFilter());
    assertEquals(List.of("lib/*.jar", "jobs.jar"), jvm.classpath());
    assertEquals(3, jvm.threads());
    assertEquals(1 << 20, jvm.maxResultBytes());
  }

  @Test
  public void aPatternTheJdkCannotParseIsAStartUpErrorNamingTheSetting() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> Settings.fromEnvironment(Map.of("EXECUTOR_JVM_SERIAL_FILTER", "maxdepth=x")));
    assertTrue(e.getMessage(), e.getMessage().startsWith("Setting EXECUTOR_JVM_SERIAL_FILTER: "));
  }

  @Test
  public void aClasspathOutsideTheSandboxIsRefused() {
    for (String bad : new String[] {"/opt/lib/a.jar", "lib/../../a.jar", "ok.jar:../a.jar"}) {
      SettingsException e =
          assertThrows(
              bad,
              SettingsException.class,
              () -> Settings.fromEnvironment(Map.of("EXECUTOR_JVM_CLASSPATH", bad)));
      assertTrue(e.getMessage(), e.getMessage().contains("not inside the executor's sandbox"));
    }
  }

  @Test
  public void threadsAndResultCapHaveBounds() {
    assertThrows(
        SettingsException.class,
        () -> Settings.fromEnvironment(Map.of("EXECUTOR_JVM_THREADS", "0")));
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> Settings.fromEnvironment(Map.of("EXECUTOR_MAX_RESULT_BYTES", "64MB")));
    assertTrue(e.getMessage(), e.getMessage().contains("between 1KB and 4MB"));
  }

  @Test
  public void noneOfTheVariablesReachesATask() {
    assertTrue(Settings.OWN_VARIABLES.containsAll(JvmSettings.VARIABLES));
  }
}
