package org.mesosexec.submit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.junit.Test;
import org.mesosexec.client.ExecutorSetup;
import org.mesosexec.task.TaskSources;
import org.mesosexec.task.TaskSpec;

/** A TASKFILE's tasks made fit for a master: the executor runs them as the local mode would. */
public class SubmitTasksTest {
  private final ExecutorInfo executor =
      ExecutorSetup.fromArchive(URI.create("file:///a.tar.gz")).build("exec");
  private final TaskSources sources = new TaskSources(List.of());

  private static TaskInfo withCommand(CommandInfo.Builder command) {
    return TaskInfo.newBuilder()
        .setName("t")
        .setTaskId(TaskID.newBuilder().setValue("t"))
        .setSlaveId(SlaveID.newBuilder().setValue("unset"))
        .setCommand(command)
        .build();
  }

  @Test
  public void aCommandTaskRunsTheSameFromItsSpecInData() {
    TaskInfo local =
        withCommand(
            CommandInfo.newBuilder()
                .setShell(false)
                .setValue("/bin/echo")
                .addArguments("echo")
                .addArguments("hi there")
                .setUser("nobody")
                .setEnvironment(
                    Environment.newBuilder()
                        .addVariables(
                            Environment.Variable.newBuilder().setName("A").setValue("b"))));

    TaskInfo sent = SubmitTasks.prepare(List.of(local), executor).get(0);
    TaskSpec asSent = sources.resolve(sent);
    TaskSpec asLocal = sources.resolve(local);

    assertFalse("a master refuses a command next to an executor", sent.hasCommand());
    assertEquals(executor, sent.getExecutor());
    assertEquals(asLocal.work(), asSent.work());
    assertEquals(Map.of("A", "b"), asSent.env());
    assertEquals(Optional.of("nobody"), asSent.user());
    assertEquals(2, sent.getResourcesCount());
  }

  @Test
  public void aCommandWithUrisCannotBeSent() {
    TaskInfo local =
        withCommand(
            CommandInfo.newBuilder()
                .setValue("run")
                .addUris(CommandInfo.URI.newBuilder().setValue("http://x/y")));

    assertThrows(
        IllegalArgumentException.class, () -> SubmitTasks.prepare(List.of(local), executor));
  }
}
