package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.output.EventFormat;

public class EventSettingsTest {
  private static String refusal(String name, String value) {
    return assertThrows(
            SettingsException.class, () -> Settings.fromEnvironment(Map.of(name, value)))
        .getMessage();
  }

  @Test
  public void eventsAreOffByDefault() {
    EventSettings e = Settings.defaults().events();
    assertEquals(EventFormat.OFF, e.format());
    assertEquals(List.of(), e.dropKeys());
    assertEquals(Optional.empty(), e.log4jConfig());
  }

  @Test
  public void theSettingsAreRead() {
    EventSettings e =
        Settings.fromEnvironment(
                Map.of(
                    "EXECUTOR_OUTPUT_EVENTS", "logfmt",
                    "EXECUTOR_OUTPUT_EVENTS_DROP_KEYS", "password, token",
                    "EXECUTOR_OUTPUT_EVENTS_RATE", "50",
                    "EXECUTOR_OUTPUT_EVENTS_BUFFER", "100",
                    "EXECUTOR_OUTPUT_EVENTS_HOST", "logstash.example",
                    "EXECUTOR_OUTPUT_EVENTS_PORT", "5044"))
            .events();
    assertEquals(EventFormat.LOGFMT, e.format());
    assertEquals(List.of("password", "token"), e.dropKeys());
    assertEquals(50, e.ratePerSecond());
    assertEquals(100, e.buffer());
    assertEquals("logstash.example", e.host());
    assertEquals(5044, e.port());
  }

  @Test
  public void badValuesAreStartUpErrorsNamingTheirSetting() {
    assertTrue(refusal("EXECUTOR_OUTPUT_EVENTS", "xml").contains("EXECUTOR_OUTPUT_EVENTS"));
    assertTrue(refusal("EXECUTOR_OUTPUT_EVENTS_RATE", "0").contains("EXECUTOR_OUTPUT_EVENTS_RATE"));
    assertTrue(
        refusal("EXECUTOR_OUTPUT_EVENTS_BUFFER", "x").contains("EXECUTOR_OUTPUT_EVENTS_BUFFER"));
    assertTrue(
        refusal("EXECUTOR_OUTPUT_EVENTS_PORT", "70000").contains("EXECUTOR_OUTPUT_EVENTS_PORT"));
    assertTrue(
        refusal("EXECUTOR_OUTPUT_EVENTS_HOST", "a b").contains("EXECUTOR_OUTPUT_EVENTS_HOST"));
  }

  @Test
  public void anUnreadableLog4jConfigurationIsAStartUpErrorNamingTheSetting() {
    String m = refusal("EXECUTOR_LOG4J_CONFIG", "/no/such/log4j2.properties");
    assertTrue(m, m.startsWith("Setting EXECUTOR_LOG4J_CONFIG: "));
    assertTrue(m, m.contains("not a readable Log4j 2 configuration file"));
    assertTrue(refusal("EXECUTOR_LOG4J_CONFIG", "conf/x").contains("absolute path"));
  }

  @Test
  public void noEventsSettingReachesATask() {
    assertTrue(Settings.OWN_VARIABLES.containsAll(EventSettings.VARIABLES));
  }
}
