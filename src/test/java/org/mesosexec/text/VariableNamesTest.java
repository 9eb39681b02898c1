package org.mesosexec.text;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/** Variable names from label keys and port names. */
public class VariableNamesTest {
  @Test
  public void upperCasesAndMakesEverythingElseAnUnderscore() {
    assertEquals("APP_TIER", VariableNames.suffix("app.tier"));
    assertEquals("A_B_C_1", VariableNames.suffix("a-b c/1"));
    assertEquals("___", VariableNames.suffix("é☃\t"));
    assertEquals("", VariableNames.suffix(""));
  }

  @Test
  public void labelsBecomeMesosTaskLabelVariablesInOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "storage");
    labels.put("app.tier", "web");

    assertEquals(
        Map.of("MESOS_TASK_LABEL_TEAM", "storage", "MESOS_TASK_LABEL_APP_TIER", "web"),
        VariableNames.labels(labels));
  }
}
