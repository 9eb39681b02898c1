package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.AuroraExample;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * {@code conf/examples/aurora.json} end to end ({@code run-executor.sh --local}): a task as Aurora
 * sends it, an AssignedTask written by libthrift, sees Aurora's variables, is reported RUNNING only
 * once healthy, and is never reported KILLING to a framework without the capability (Aurora has
 * none, and reads TASK_KILLING as KILLED).
 */
public class AuroraLocalIT {
  private static final String ID = AuroraExample.TASK_ID;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theTaskSeesAurorasVariablesAndRunsOnlyOnceHealthy() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("aurora.json"), "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(
        out.toString(), List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"), out.states(ID));
    JsonObject running = out.statuses(ID).get(1);
    assertEquals("true", field(running, "healthy"));
    assertEquals("REASON_TASK_HEALTH_CHECK_STATUS_UPDATED", field(running, "reason"));
    assertThat(field(running, "message"), startsWith("pid "));
    assertThat(field(running, "message"), containsString("; Health check passed"));
    String stdout = Files.readString(out.sandbox().resolve("tasks").resolve(ID).resolve("stdout"));
    assertEquals(
        String.join(
            "\n",
            "AURORA_ENV=prod",
            "AURORA_HOST=agent-1.example.com",
            "AURORA_INSTANCE=0",
            "AURORA_JOB=hello",
            "AURORA_ROLE=www-data",
            "AURORA_TASK_ID=" + ID,
            "MESOS_TASK_LABEL_ORG_APACHE_AURORA_METADATA_OWNER=team-a",
            "MESOS_TASK_LABEL_ORG_APACHE_AURORA_TIER=preferred",
            "PORT_ADMIN_PORT=31001",
            "PORT_HTTP=31000",
            "serving",
            "done",
            ""),
        stdout);
  }

  @Test
  public void aKillIsNeverReportedAsKillingWithoutTheCapability() throws Exception {
    ScriptOutput out =
        LocalRunner.local(example("aurora.json"), "--kill", ID + "@2", "--sandbox", tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal(ID), "state"));
    assertFalse(out.toString(), out.states(ID).contains("TASK_KILLING"));
  }

  @Test
  public void aFrameworkWithTheCapabilityHearsKilling() throws Exception {
    ScriptOutput out =
        LocalRunner.local(
                example("aurora.json"),
                "--kill",
                ID + "@2",
                "--framework-capability",
                "TASK_KILLING_STATE",
                "--sandbox",
                tmp.getRoot())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal(ID), "state"));
    assertTrue(out.toString(), out.states(ID).contains("TASK_KILLING"));
  }
}
