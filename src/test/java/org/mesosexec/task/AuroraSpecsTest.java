package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.Label;
import org.apache.mesos.Protos.Labels;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.junit.Test;
import org.mesosexec.testing.AuroraTasks;

/**
 * A task from Aurora (DESIGN §4, source 2), as {@link TaskSources} reads it: the spec in {@code
 * executorConfig.data}, Aurora's variables in its environment, every refusal {@code TASK_FAILED}.
 */
public class AuroraSpecsTest {
  private final TaskSources sources = new TaskSources(List.of("sleep", "1"));

  private static TaskInfo.Builder info(AuroraTasks aurora) {
    return TaskInfo.newBuilder()
        .setName("www-data/prod/hello")
        .setTaskId(TaskID.newBuilder().setValue("www-data-prod-hello-0-7f3a"))
        .setSlaveId(SlaveID.newBuilder().setValue("agent-id-S1"))
        .setData(ByteString.copyFrom(aurora.bytes()))
        .setLabels(
            Labels.newBuilder()
                .addLabels(
                    Label.newBuilder().setKey("org.apache.aurora.tier").setValue("preferred")));
  }

  private TaskSpec resolve(AuroraTasks aurora) {
    return sources.resolve(info(aurora).build());
  }

  private InvalidTaskException refusal(TaskInfo task) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> sources.resolve(task));
    assertEquals(e.getMessage(), TaskState.TASK_FAILED, e.state());
    return e;
  }

  private String refusal(AuroraTasks aurora) {
    return refusal(info(aurora).build()).getMessage();
  }

  @Test
  public void theSpecIsTheJsonInExecutorConfigData() {
    TaskSpec spec = resolve(AuroraTasks.task().data("{\"argv\": [\"./serve\", \"--fast\"]}"));

    assertEquals(new Work.Exec(List.of("./serve", "--fast")), spec.work());
    assertEquals(TaskState.TASK_FAILED, spec.refusedAs());
  }

  @Test
  public void theEnvironmentHasAurorasIdentityPortsAndLabelsOverTheSpecsOwn() {
    TaskSpec spec =
        resolve(
            AuroraTasks.task()
                .data(
                    "{\"command\": \"x\", \"env\": {\"MINE\": \"1\", \"AURORA_ROLE\": \"fake\"}}"));

    assertEquals(
        Map.ofEntries(
            Map.entry("MINE", "1"),
            Map.entry("AURORA_ROLE", "www-data"),
            Map.entry("AURORA_ENV", "prod"),
            Map.entry("AURORA_JOB", "hello"),
            Map.entry("AURORA_INSTANCE", "0"),
            Map.entry("AURORA_TASK_ID", "www-data-prod-hello-0-7f3a"),
            Map.entry("AURORA_HOST", "agent-1.example.com"),
            Map.entry("PORT_HTTP", "31000"),
            Map.entry("PORT_ADMIN_PORT", "31001"),
            Map.entry("MESOS_TASK_LABEL_ORG_APACHE_AURORA_TIER", "preferred")),
        spec.env());
  }

  @Test
  public void emptyDataFailsWithHowToSetIt() {
    String message = refusal(AuroraTasks.task().data("").executorName("tasks"));

    assertThat(message, startsWith("executorConfig.data is empty; "));
    assertThat(
        message,
        containsString(
            "executor_config = ExecutorConfig(name='tasks', data='{\"command\": \"./serve --port"
                + " $PORT_HTTP\"}')"));
  }

  @Test
  public void dataThatIsNotJsonFailsWithHowToSetIt() {
    String message = refusal(AuroraTasks.task().data("./serve --port 80"));

    assertThat(message, startsWith("executorConfig.data is not JSON ("));
    assertThat(message, containsString("ExecutorConfig(name='mesos-task-executor', data='{"));
  }

  @Test
  public void dataThatIsNotAnObjectFails() {
    assertThat(
        refusal(AuroraTasks.task().data("[\"./serve\"]")),
        startsWith("executorConfig.data must be a JSON object (a task spec), got an array; "));
  }

  @Test
  public void aSpecErrorFailsNamingWhereTheSpecCameFrom() {
    assertThat(
        refusal(AuroraTasks.task().data("{\"comand\": \"x\"}")),
        startsWith("executorConfig.data: unknown key \"comand\" in the task spec"));
  }

  @Test
  public void thriftThatCannotBeReadFailsSayingWhy() {
    byte[] whole = AuroraTasks.task().bytes();
    TaskInfo task =
        info(AuroraTasks.task()).setData(ByteString.copyFrom(whole, 0, whole.length / 2)).build();

    assertThat(
        refusal(task).getMessage(),
        startsWith(
            "TaskInfo.data looks like Aurora's AssignedTask (Thrift binary) but cannot be read: "));
  }

  @Test
  public void anAssignedTaskWithoutExecutorConfigFails() {
    assertThat(
        refusal(AuroraTasks.task().withoutExecutorConfig()),
        containsString("the AssignedTask's task has no executorConfig (TaskConfig field 25)"));
  }

  @Test
  public void portsThatCollideFailNamingBoth() {
    assertEquals(
        "Aurora's task: the ports \"admin.ui\" and \"admin-ui\" would both be PORT_ADMIN_UI;"
            + " rename one of them in the job",
        refusal(AuroraTasks.task().ports(orderedPorts("admin.ui", 1, "admin-ui", 2))));
  }

  @Test
  public void aTaskInfoLevelRefusalOfAnAuroraTaskFailsToo() {
    TaskInfo task =
        info(AuroraTasks.task())
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(-1)))
            .build();

    assertThat(
        refusal(task).getMessage(),
        containsString("TaskInfo.kill_policy.grace_period must be 0 or more"));
  }

  @Test
  public void runningAfterHealthyWithoutAHealthCheckFails() {
    assertThat(
        refusal(AuroraTasks.task().data("{\"command\": \"x\", \"running_after_healthy\": true}")),
        startsWith("\"running_after_healthy\" needs a health check"));
  }

  private static Map<String, Integer> orderedPorts(String a, int pa, String b, int pb) {
    Map<String, Integer> ports = new java.util.LinkedHashMap<>();
    ports.put(a, pa);
    ports.put(b, pb);
    return ports;
  }
}
