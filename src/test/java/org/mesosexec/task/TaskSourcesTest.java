package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.DurationInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.KillPolicy;
import org.apache.mesos.Protos.Secret;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.junit.Test;
import org.mesosexec.jvm.JvmSpec;

/** Where a task's work comes from (DESIGN §4), as the executor reads it from a TaskInfo. */
public class TaskSourcesTest {
  private final TaskSources sources = new TaskSources(List.of());

  private static TaskInfo.Builder task() {
    return TaskInfo.newBuilder()
        .setName("train")
        .setTaskId(TaskID.newBuilder().setValue("t1"))
        .setSlaveId(SlaveID.newBuilder().setValue("agent-1"));
  }

  private static TaskInfo withData(String json) {
    return task().setData(ByteString.copyFromUtf8(json)).build();
  }

  private static TaskInfo withData(byte[] bytes) {
    return task().setData(ByteString.copyFrom(bytes)).build();
  }

  private static TaskInfo withCommand(CommandInfo.Builder command) {
    return task().setCommand(command).build();
  }

  private static DurationInfo seconds(long s) {
    return DurationInfo.newBuilder().setNanoseconds(s * 1_000_000_000L).build();
  }

  private String rejection(TaskInfo task) {
    return assertThrows(InvalidTaskException.class, () -> sources.resolve(task)).getMessage();
  }

  @Test
  public void jsonSpecInDataIsTheWork() {
    TaskSpec spec = sources.resolve(withData("{\"argv\": [\"python\", \"train.py\"]}"));

    assertEquals(new Work.Exec(List.of("python", "train.py")), spec.work());
  }

  @Test
  public void jsonSpecInDataWinsOverCommand() {
    TaskInfo task =
        task()
            .setData(ByteString.copyFromUtf8("{\"command\": \"echo from data\"}"))
            .setCommand(CommandInfo.newBuilder().setValue("echo from command"))
            .build();

    assertEquals(new Work.Shell("echo from data"), sources.resolve(task).work());
  }

  @Test
  public void jsonSpecInDataWinsOverDefaultArgs() {
    TaskSources withDefault = new TaskSources(List.of("sleep", "100"));

    TaskSpec spec = withDefault.resolve(withData("{\"command\": \"true\"}"));

    assertEquals(new Work.Shell("true"), spec.work());
  }

  @Test
  public void specErrorsInDataReachTheUser() {
    assertThat(
        rejection(withData("{\"comand\": \"ls\"}")), containsString("unknown key \"comand\""));
  }

  @Test
  public void rejectsDataThatIsPlainText() {
    assertThat(
        rejection(withData("hello")), containsString("TaskInfo.data is not a JSON task spec: "));
  }

  @Test
  public void rejectsDataThatIsPlainTextWithoutGsonAdvice() {
    // Today: "TaskInfo.data is not a JSON task spec: Use JsonReader.setStrictness(
    // Strictness.LENIENT) to accept malformed JSON at line 1 column 1 path $".
    String message = rejection(withData("hello"));

    assertThat(message, containsString("line 1 column 1"));
    assertThat(message, not(containsString("setStrictness")));
  }

  @Test
  public void rejectsDataThatIsAJsonArray() {
    assertEquals(
        "TaskInfo.data must be a JSON object (a task spec), got an array",
        rejection(withData("[\"echo\", \"hi\"]")));
  }

  @Test
  public void rejectsDataThatIsAJsonString() {
    assertEquals(
        "TaskInfo.data must be a JSON object (a task spec), got a string",
        rejection(withData("\"echo hi\"")));
  }

  @Test
  public void rejectsWhitespaceDataAsNotJson() {
    // Today: "TaskInfo.data must be a JSON object (a task spec), got null".
    assertThat(rejection(withData(" \n")), containsString("TaskInfo.data is not a JSON task spec"));
  }

  @Test
  public void rejectsDataThatIsNotUtf8() {
    byte[] latin1 = {'{', '"', 'c', (byte) 0xE9, '"', '}'};

    assertEquals("TaskInfo.data is neither JSON nor UTF-8 text", rejection(withData(latin1)));
  }

  @Test
  public void javaSerializedDataIsAJvmTaskOnAThread() {
    byte[] serialized = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x73, 0x72};

    TaskSpec spec = sources.resolve(withData(serialized));

    assertEquals(new Work.JvmObject(ByteString.copyFrom(serialized)), spec.work());
    assertEquals(JvmSpec.Isolation.THREAD, ((Work.Jvm) spec.work()).isolation());
  }

  @Test
  public void javaMagicWithAnotherStreamVersionIsNotAJvmTask() {
    byte[] other = {(byte) 0xAC, (byte) 0xED, 0x00, 0x04, 0x73, 0x72};

    assertEquals("TaskInfo.data is neither JSON nor UTF-8 text", rejection(withData(other)));
  }

  @Test
  public void rejectsDataOverTheLimitBeforeParsingIt() {
    byte[] huge = new byte[16 * 1024 * 1024];
    huge[0] = '{';

    assertEquals(
        "TaskInfo.data is 16777216 bytes; the limit for a task spec is 4194304",
        rejection(withData(huge)));
  }

  @Test
  public void acceptsDataOfExactlyTheLimit() {
    // Padded with white space: one value that large is refused on its own (FieldLimits).
    String prefix = "{\"command\": \"true\"";
    String suffix = "}";
    String pad = " ".repeat(TaskSources.MAX_DATA_BYTES - prefix.length() - suffix.length());

    TaskSpec spec = sources.resolve(withData(prefix + pad + suffix));

    assertEquals(new Work.Shell("true"), spec.work());
  }

  @Test
  public void shellCommandRunsThroughBinSh() {
    TaskSpec spec = sources.resolve(withCommand(CommandInfo.newBuilder().setValue("echo $HOME")));

    assertEquals(List.of("/bin/sh", "-c", "echo $HOME"), ((Work.Command) spec.work()).argv());
  }

  @Test
  public void explicitShellTrueRunsThroughBinSh() {
    TaskSpec spec =
        sources.resolve(withCommand(CommandInfo.newBuilder().setShell(true).setValue("ls -l")));

    assertEquals(new Work.Shell("ls -l"), spec.work());
  }

  @Test
  public void nonShellCommandUsesValueAsProgramAndSkipsArgumentZero() {
    CommandInfo.Builder command =
        CommandInfo.newBuilder()
            .setShell(false)
            .setValue("/usr/bin/python3")
            .addArguments("python")
            .addArguments("train.py")
            .addArguments("--epochs=3");

    TaskSpec spec = sources.resolve(withCommand(command));

    assertEquals(
        List.of("/usr/bin/python3", "train.py", "--epochs=3"), ((Work.Command) spec.work()).argv());
  }

  @Test
  public void nonShellCommandWithoutArgumentsRunsTheProgramAlone() {
    TaskSpec spec =
        sources.resolve(
            withCommand(CommandInfo.newBuilder().setShell(false).setValue("/bin/true")));

    assertEquals(List.of("/bin/true"), ((Work.Command) spec.work()).argv());
  }

  @Test
  public void rejectsNonShellCommandWithoutValue() {
    assertEquals(
        "TaskInfo.command has shell=false but no value (the program)",
        rejection(withCommand(CommandInfo.newBuilder().setShell(false).addArguments("ls"))));
  }

  @Test
  public void rejectsShellCommandWithoutValue() {
    assertEquals(
        "TaskInfo.command has shell=true but no value",
        rejection(withCommand(CommandInfo.newBuilder().setShell(true))));
  }

  @Test
  public void commandEnvironmentVariablesAreCopied() {
    CommandInfo.Builder command =
        CommandInfo.newBuilder()
            .setValue("env")
            .setEnvironment(
                Environment.newBuilder()
                    .addVariables(Environment.Variable.newBuilder().setName("A").setValue("1"))
                    .addVariables(
                        Environment.Variable.newBuilder()
                            .setName("B")
                            .setType(Environment.Variable.Type.VALUE)
                            .setValue("two words")));

    assertEquals(Map.of("A", "1", "B", "two words"), sources.resolve(withCommand(command)).env());
  }

  @Test
  public void rejectsSecretEnvironmentVariableNamingIt() {
    CommandInfo.Builder command =
        CommandInfo.newBuilder()
            .setValue("env")
            .setEnvironment(
                Environment.newBuilder()
                    .addVariables(
                        Environment.Variable.newBuilder()
                            .setName("DB_PASSWORD")
                            .setType(Environment.Variable.Type.SECRET)
                            .setSecret(Secret.newBuilder().setType(Secret.Type.REFERENCE))));

    assertEquals(
        "TaskInfo.command.environment: secret variable DB_PASSWORD is not supported",
        rejection(withCommand(command)));
  }

  @Test
  public void commandUserIsUsed() {
    TaskSpec spec =
        sources.resolve(withCommand(CommandInfo.newBuilder().setValue("id").setUser("nobody")));

    assertEquals(Optional.of("nobody"), spec.user());
  }

  @Test
  public void commandWithoutUserLeavesUserUnset() {
    assertEquals(
        Optional.empty(),
        sources.resolve(withCommand(CommandInfo.newBuilder().setValue("id"))).user());
  }

  @Test
  public void rejectsTaskThatCarriesNoWork() {
    assertEquals(
        "the task carries no work: TaskInfo.data is empty, TaskInfo.command is not set,"
            + " and the executor was started without a default command",
        rejection(task().build()));
  }

  @Test
  public void defaultArgsAreUsedWhenTheTaskCarriesNothingElse() {
    TaskSources withDefault = new TaskSources(List.of("python", "-m", "http.server"));

    TaskSpec spec = withDefault.resolve(task().build());

    assertEquals(new Work.Exec(List.of("python", "-m", "http.server")), spec.work());
  }

  @Test
  public void commandWinsOverDefaultArgs() {
    TaskSources withDefault = new TaskSources(List.of("sleep", "100"));

    TaskSpec spec = withDefault.resolve(withCommand(CommandInfo.newBuilder().setValue("true")));

    assertEquals(new Work.Shell("true"), spec.work());
  }

  @Test
  public void killPolicyAndMaxCompletionTimeFillTheSpecGaps() {
    TaskInfo task =
        task()
            .setData(ByteString.copyFromUtf8("{\"command\": \"sleep 100\"}"))
            .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(seconds(7)))
            .setMaxCompletionTime(seconds(60))
            .build();

    TaskSpec spec = sources.resolve(task);

    assertEquals(Optional.of(Duration.ofSeconds(7)), spec.killGracePeriod());
    assertEquals(Optional.of(Duration.ofSeconds(60)), spec.maxCompletionTime());
  }

  @Test
  public void killPolicyAndMaxCompletionTimeApplyToCommandTasks() {
    TaskInfo task =
        task()
            .setCommand(CommandInfo.newBuilder().setValue("sleep 100"))
            .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(seconds(2)))
            .setMaxCompletionTime(seconds(30))
            .build();

    TaskSpec spec = sources.resolve(task);

    assertEquals(Optional.of(Duration.ofSeconds(2)), spec.killGracePeriod());
    assertEquals(Optional.of(Duration.ofSeconds(30)), spec.maxCompletionTime());
  }

  @Test
  public void specValuesWinOverKillPolicyAndMaxCompletionTime() {
    TaskInfo task =
        task()
            .setData(
                ByteString.copyFromUtf8(
                    "{\"command\": \"sleep 100\", \"kill_grace_period_ms\": 1500,"
                        + " \"max_completion_time_ms\": 5000}"))
            .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(seconds(7)))
            .setMaxCompletionTime(seconds(60))
            .build();

    TaskSpec spec = sources.resolve(task);

    assertEquals(Optional.of(Duration.ofMillis(1500)), spec.killGracePeriod());
    assertEquals(Optional.of(Duration.ofSeconds(5)), spec.maxCompletionTime());
  }

  @Test
  public void killPolicyWithoutGracePeriodLeavesItUnset() {
    TaskInfo task =
        task()
            .setData(ByteString.copyFromUtf8("{\"command\": \"true\"}"))
            .setKillPolicy(KillPolicy.newBuilder())
            .build();

    assertEquals(Optional.empty(), sources.resolve(task).killGracePeriod());
  }

  @Test
  public void killPolicyGracePeriodPastTheMaximumIsRefused() {
    TaskInfo task =
        task()
            .setData(ByteString.copyFromUtf8("{\"command\": \"true\"}"))
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(Long.MAX_VALUE)))
            .build();

    assertThat(
        rejection(task),
        containsString("TaskInfo.kill_policy.grace_period must be at most 3650 days"));
  }

  @Test
  public void negativeMaxCompletionTimeIsRefused() {
    TaskInfo task =
        task()
            .setData(ByteString.copyFromUtf8("{\"command\": \"true\"}"))
            .setMaxCompletionTime(DurationInfo.newBuilder().setNanoseconds(-5))
            .build();

    assertThat(rejection(task), containsString("TaskInfo.max_completion_time must be 0 or more"));
  }

  @Test
  public void commandInfoFieldsAreBoundedAndNamed() {
    assertThat(
        rejection(withCommand(CommandInfo.newBuilder().setValue("echo a\0b"))),
        containsString("TaskInfo.command.value contains a NUL character"));
    assertThat(
        rejection(
            withCommand(CommandInfo.newBuilder().setValue("true").setUser("u".repeat(1 << 20)))),
        containsString("TaskInfo.command.user"));
    assertThat(
        rejection(
            withCommand(
                CommandInfo.newBuilder()
                    .setValue("true")
                    .setEnvironment(
                        Environment.newBuilder()
                            .addVariables(
                                Environment.Variable.newBuilder().setName("A=B").setValue("x"))))),
        containsString("TaskInfo.command.environment has an invalid variable name \"A=B\""));
  }

  @Test
  public void runningAfterHealthyNeedsAHealthCheckAndIsAnErrorWithoutOne() {
    InvalidTaskException e =
        assertThrows(
            InvalidTaskException.class,
            () ->
                sources.resolve(withData("{\"command\": \"x\", \"running_after_healthy\": true}")));

    assertEquals(
        "\"running_after_healthy\" needs a health check (\"health_check\" in the spec, or"
            + " TaskInfo.health_check): without one TASK_RUNNING would never be sent",
        e.getMessage());
    assertEquals(TaskState.TASK_ERROR, e.state());
  }

  @Test
  public void runningAfterHealthyTakesTheTaskInfosHealthCheck() {
    TaskInfo task =
        task()
            .setData(
                ByteString.copyFromUtf8("{\"command\": \"x\", \"running_after_healthy\": true}"))
            .setHealthCheck(
                HealthCheck.newBuilder()
                    .setType(HealthCheck.Type.TCP)
                    .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(8080)))
            .build();

    TaskSpec spec = sources.resolve(task);

    assertTrue(spec.runningAfterHealthy());
    assertTrue(spec.healthCheck().isPresent());
  }
}
