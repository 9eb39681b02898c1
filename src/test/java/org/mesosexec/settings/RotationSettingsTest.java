package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.Test;

public class RotationSettingsTest {
  @Test
  public void unsetMeansNoRotation() {
    RotationSettings rotation = Settings.defaults().rotation();
    assertEquals(OptionalLong.empty(), rotation.maxStdoutSize());
    assertEquals(OptionalLong.empty(), rotation.maxStderrSize());
    assertEquals(5, rotation.keep());
  }

  @Test
  public void readsEveryVariableInMesosByteSizes() {
    RotationSettings rotation =
        Settings.fromEnvironment(
                Map.of(
                    "EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE", "10MB",
                    "EXECUTOR_LOGROTATE_MAX_STDERR_SIZE", "64KB",
                    "EXECUTOR_LOGROTATE_KEEP", "3"))
            .rotation();
    assertEquals(OptionalLong.of(10L << 20), rotation.maxStdoutSize());
    assertEquals(OptionalLong.of(64L << 10), rotation.maxStderrSize());
    assertEquals(3, rotation.keep());
  }

  @Test
  public void aBadSizeIsAStartUpErrorNamingTheSetting() {
    for (String name :
        new String[] {"EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE", "EXECUTOR_LOGROTATE_MAX_STDERR_SIZE"}) {
      for (String bad : new String[] {"0B", "-1MB", "63KB", "10 parsecs", "", "2TB"}) {
        SettingsException e =
            assertThrows(
                name + "=" + bad,
                SettingsException.class,
                () -> Settings.fromEnvironment(Map.of(name, bad)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Setting " + name + ": "));
      }
    }
  }

  @Test
  public void theSmallestCapIs64KB() {
    assertEquals(
        OptionalLong.of(65536),
        Settings.fromEnvironment(Map.of("EXECUTOR_LOGROTATE_MAX_STDOUT_SIZE", "65536B"))
            .rotation()
            .maxStdoutSize());
  }

  @Test
  public void keepIsBetweenOneAndAHundred() {
    for (String bad : new String[] {"0", "-1", "101", "many"}) {
      SettingsException e =
          assertThrows(
              bad,
              SettingsException.class,
              () -> Settings.fromEnvironment(Map.of("EXECUTOR_LOGROTATE_KEEP", bad)));
      assertTrue(e.getMessage(), e.getMessage().startsWith("Setting EXECUTOR_LOGROTATE_KEEP: "));
    }
    assertEquals(
        100, Settings.fromEnvironment(Map.of("EXECUTOR_LOGROTATE_KEEP", "100")).rotation().keep());
  }

  @Test
  public void noRotationVariableReachesATask() {
    assertTrue(Settings.OWN_VARIABLES.containsAll(RotationSettings.VARIABLES));
  }
}
