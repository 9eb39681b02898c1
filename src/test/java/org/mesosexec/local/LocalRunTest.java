package org.mesosexec.local;

import static org.junit.Assert.assertEquals;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;

/** The local mode's exit status (DESIGN §3). */
public class LocalRunTest {

  private static TaskStatus terminal(String taskId, TaskState state, String data) {
    TaskStatus.Builder b =
        TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state);
    if (data != null) {
      b.setData(ByteString.copyFromUtf8(data));
    }
    return b.build();
  }

  private static TaskStatus finished(String taskId) {
    return terminal(taskId, TaskState.TASK_FINISHED, "{\"exit_code\":0,\"signal\":null}");
  }

  @Test
  public void oneFinishedTaskExitsZero() {
    assertEquals(0, LocalRun.exitCode(1, List.of(finished("t1"))));
  }

  @Test
  public void oneFailedTaskExitsWithItsExitCode() {
    TaskStatus failed = terminal("t1", TaskState.TASK_FAILED, "{\"exit_code\":3,\"signal\":null}");

    assertEquals(3, LocalRun.exitCode(1, List.of(failed)));
  }

  @Test
  public void oneTaskKilledBySigtermExits143() {
    TaskStatus killed = terminal("t1", TaskState.TASK_KILLED, "{\"exit_code\":143,\"signal\":15}");

    assertEquals(143, LocalRun.exitCode(1, List.of(killed)));
  }

  @Test
  public void oneTaskThatNeverRanExitsOne() {
    TaskStatus error = terminal("t1", TaskState.TASK_ERROR, null);

    assertEquals(1, LocalRun.exitCode(1, List.of(error)));
  }

  @Test
  public void oneTaskThatFailedToLaunchExitsOne() {
    TaskStatus failed = terminal("t1", TaskState.TASK_FAILED, null);

    assertEquals(1, LocalRun.exitCode(1, List.of(failed)));
  }

  @Test
  public void oneTaskWithDataThatIsNotAnExitStatusExitsOne() {
    TaskStatus finished = terminal("t1", TaskState.TASK_FINISHED, "the answer is 42");

    assertEquals(1, LocalRun.exitCode(1, List.of(finished)));
  }

  @Test
  public void oneTaskWithoutTerminalExitsOne() {
    assertEquals(1, LocalRun.exitCode(1, List.of()));
  }

  @Test
  public void severalTasksAllFinishedExitZero() {
    assertEquals(0, LocalRun.exitCode(3, List.of(finished("a"), finished("b"), finished("c"))));
  }

  @Test
  public void severalTasksWithOneFailedExitOne() {
    TaskStatus failed = terminal("b", TaskState.TASK_FAILED, "{\"exit_code\":3,\"signal\":null}");

    assertEquals(1, LocalRun.exitCode(3, List.of(finished("a"), failed, finished("c"))));
  }

  @Test
  public void severalTasksWithOneKilledExitOne() {
    TaskStatus killed = terminal("b", TaskState.TASK_KILLED, "{\"exit_code\":0,\"signal\":null}");

    assertEquals(1, LocalRun.exitCode(2, List.of(finished("a"), killed)));
  }

  @Test
  public void fewerTerminalsThanTasksExitOne() {
    assertEquals(1, LocalRun.exitCode(2, List.of(finished("a"))));
  }

  @Test
  public void severalTasksWithoutTerminalsExitOne() {
    assertEquals(1, LocalRun.exitCode(2, List.of()));
  }

  private static TaskInfo task(String id, byte[] data) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setSlaveId(SlaveID.newBuilder().setValue("agent"))
        .setData(ByteString.copyFrom(data))
        .build();
  }

  private static TaskInfo task(String id, String data) {
    return task(id, data.getBytes(StandardCharsets.UTF_8));
  }

  private static final String JVM_SPEC =
      "{\"jvm\": {\"class\": \"com.acme.Count\", \"classpath\": [\"acme.jar\"]}}";

  @Test
  public void aLoneJvmSpecTaskThatFinishedWithItsResultExitsZero() {
    TaskStatus finished = terminal("t1", TaskState.TASK_FINISHED, "{\"words\":12}");

    assertEquals(0, LocalRun.exitCode(List.of(task("t1", JVM_SPEC)), List.of(finished)));
  }

  @Test
  public void aLoneSerializedTaskThatFinishedWithoutDataExitsZero() {
    byte[] serialized = {(byte) 0xac, (byte) 0xed, 0x00, 0x05, 0x70};
    TaskStatus finished = terminal("t1", TaskState.TASK_FINISHED, null);

    assertEquals(0, LocalRun.exitCode(List.of(task("t1", serialized)), List.of(finished)));
  }

  @Test
  public void aLoneJvmTaskThatFailedExitsOne() {
    TaskStatus failed = terminal("t1", TaskState.TASK_FAILED, "{\"exception\":\"x\"}");

    assertEquals(1, LocalRun.exitCode(List.of(task("t1", JVM_SPEC)), List.of(failed)));
  }

  @Test
  public void aLoneJvmTaskWithAnExitStatusExitsWithIt() {
    TaskStatus killed =
        terminal("t1", TaskState.TASK_KILLED, "{\"exit_code\":143,\"signal\":null}");

    assertEquals(143, LocalRun.exitCode(List.of(task("t1", JVM_SPEC)), List.of(killed)));
  }

  @Test
  public void aLoneCommandTaskWithDataThatIsNotAnExitStatusStillExitsOne() {
    TaskStatus finished = terminal("t1", TaskState.TASK_FINISHED, "{\"words\":12}");

    assertEquals(
        1, LocalRun.exitCode(List.of(task("t1", "{\"command\": \"true\"}")), List.of(finished)));
  }

  @Test
  public void severalJvmTasksFollowTheRuleOfSeveral() {
    TaskStatus a = terminal("a", TaskState.TASK_FINISHED, "{\"words\":12}");
    TaskStatus b = terminal("b", TaskState.TASK_FINISHED, null);

    assertEquals(
        0, LocalRun.exitCode(List.of(task("a", JVM_SPEC), task("b", JVM_SPEC)), List.of(a, b)));
  }
}
