package org.mesosexec.aurora;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.Test;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.testing.AuroraTasks;

/** The variables an Aurora task sees: its identity, its ports, its labels. */
public class AuroraVariablesTest {
  private static Map<String, String> variables(AuroraTasks task, Map<String, String> labels) {
    return AuroraVariables.of(AssignedTask.read(task.bytes()), labels);
  }

  private static Map<String, Integer> ports(Object... nameAndPort) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int i = 0; i < nameAndPort.length; i += 2) {
      ports.put((String) nameAndPort[i], (Integer) nameAndPort[i + 1]);
    }
    return ports;
  }

  @Test
  public void identityAndPortsOfATypicalTask() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("AURORA_ROLE", "www-data");
    expected.put("AURORA_ENV", "prod");
    expected.put("AURORA_JOB", "hello");
    expected.put("AURORA_INSTANCE", "0");
    expected.put("AURORA_TASK_ID", "www-data-prod-hello-0-7f3a");
    expected.put("AURORA_HOST", "agent-1.example.com");
    expected.put("PORT_HTTP", "31000");
    expected.put("PORT_ADMIN_PORT", "31001");

    assertEquals(expected, variables(AuroraTasks.task(), Map.of()));
  }

  @Test
  public void whatAuroraLeftOutIsNotSet() {
    assertEquals(
        Map.of(
            "AURORA_TASK_ID", "www-data-prod-hello-0-7f3a", "AURORA_HOST", "agent-1.example.com"),
        variables(AuroraTasks.task().withoutJob().instance(null).ports(Map.of()), Map.of()));
  }

  @Test
  public void portNamesAreUpperCasedWithEverythingElseAnUnderscore() {
    assertEquals(
        Map.of(
            "PORT_HEALTH", "1",
            "PORT_8080", "2",
            "PORT__DMIN__UI", "3",
            "PORT_A_B_C", "4"),
        AuroraVariables.ports(ports("health", 1, "8080", 2, "ädmin::ui", 3, "a-b.c", 4)));
  }

  @Test
  public void aPortNameWithoutLetterOrDigitIsRefused() {
    assertEquals(
        "the port name \"--\" cannot name a variable: PORT_<NAME> needs a name with an ASCII"
            + " letter or digit",
        assertThrows(AuroraDataException.class, () -> AuroraVariables.ports(ports("--", 1)))
            .getMessage());
    assertThrows(AuroraDataException.class, () -> AuroraVariables.ports(ports("", 1)));
    assertThrows(AuroraDataException.class, () -> AuroraVariables.ports(ports("ü", 1)));
  }

  @Test
  public void twoPortsThatBecomeTheSameVariableAreRefusedNamingBoth() {
    assertEquals(
        "the ports \"admin.ui\" and \"admin-ui\" would both be PORT_ADMIN_UI; rename one of them in"
            + " the job",
        assertThrows(
                AuroraDataException.class,
                () -> AuroraVariables.ports(ports("admin.ui", 1, "admin-ui", 2)))
            .getMessage());
  }

  @Test
  public void labelsAreTheVariablesHooksSee() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.apache.aurora.tier", "preferred");
    labels.put("org.apache.aurora.metadata.owner", "team-a");
    Map<String, String> hooks =
        new TaskMetadata("t", "", "e", "f", "a", labels, Path.of("/"), OptionalLong.empty())
            .environment();

    Map<String, String> env = variables(AuroraTasks.task().ports(Map.of()), labels);

    assertEquals("preferred", env.get("MESOS_TASK_LABEL_ORG_APACHE_AURORA_TIER"));
    assertEquals("team-a", env.get("MESOS_TASK_LABEL_ORG_APACHE_AURORA_METADATA_OWNER"));
    env.keySet().removeIf(k -> !k.startsWith("MESOS_TASK_LABEL_"));
    hooks.keySet().removeIf(k -> !k.startsWith("MESOS_TASK_LABEL_"));
    assertEquals(hooks, env);
  }
}
