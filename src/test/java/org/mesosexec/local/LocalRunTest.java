package org.mesosexec.local;

import static org.junit.Assert.assertEquals;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.Protos.TaskID;
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
}
