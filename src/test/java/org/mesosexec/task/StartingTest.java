package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.TaskFiles;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.testing.FakeLauncher;
import org.mockito.Mockito;

/**
 * What the events of a task's start lead to. Starting keeps no time: the fake launcher stands in
 * for the work, and mocked output files show whether they were closed.
 */
public class StartingTest {
  private static final Path DIR = Path.of("/sandbox/tasks/t1");
  private final TaskInfo info =
      TaskInfo.newBuilder()
          .setName("t1")
          .setTaskId(TaskID.newBuilder().setValue("t1"))
          .setSlaveId(org.apache.mesos.Protos.SlaveID.newBuilder().setValue("agent"))
          .build();
  private final LaunchRequest request =
      new LaunchRequest(
          List.of("/bin/true"),
          Map.of("A", "1", "MESOS_TASK_ID", "t1", "MESOS_SANDBOX", DIR.toString()),
          DIR,
          DIR.resolve("stdout"),
          DIR.resolve("stderr"),
          Optional.empty());
  private final OpenFile stdout = Mockito.mock(OpenFile.class);
  private final OpenFile stderr = Mockito.mock(OpenFile.class);
  private final Preparation.Ready ready =
      new Preparation.Ready(
          request,
          new TaskFiles(stdout, stderr),
          new TaskMetadata("t1", "t1", "e", "f", "agent", Map.of(), DIR, OptionalLong.empty()));
  private final FakeLauncher launcher = new FakeLauncher();

  @Test
  public void theWorkStartsWithWhatTheHooksAddedAndItsOutputsOpen() {
    Starting.Step step =
        Starting.hooksDone(info, ready, true, Map.of("B", "2", "MESOS_TASK_ID", "other"), null);

    assertTrue(step instanceof Starting.Launch);
    Starting.Launch launch = (Starting.Launch) step;
    assertEquals(ready, launch.ready());
    assertEquals(
        Map.of("A", "1", "B", "2", "MESOS_TASK_ID", "t1", "MESOS_SANDBOX", DIR.toString()),
        launch.request().environment());
    Mockito.verify(stdout, Mockito.never()).close();
  }

  @Test
  public void aFailedHookFailsTheLaunchAndClosesTheOutputs() {
    Starting.Step step =
        Starting.hooksDone(info, ready, true, null, new IllegalStateException("no ticket"));

    assertTrue(step instanceof Starting.End);
    TaskStatus update = ((Starting.End) step).update().build();
    assertEquals(TaskState.TASK_FAILED, update.getState());
    assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, update.getReason());
    Mockito.verify(stdout).close();
    Mockito.verify(stderr).close();
  }

  @Test
  public void aTaskThatEndedWhileItsHooksRanDoesNotStart() {
    Starting.Step step = Starting.hooksDone(info, ready, false, Map.of(), null);

    assertTrue(step instanceof Starting.Nothing);
    Mockito.verify(stdout).close();
    Mockito.verify(stderr).close();
  }

  @Test
  public void startedWorkRunsWithItsRequest() {
    Starting.Step step = Starting.start(new ProcessWork(launcher), info, request);

    assertTrue(step instanceof Starting.Running);
    assertEquals(request, ((Starting.Running) step).request());
    assertEquals(List.of(request), launcher.requests());
  }

  @Test
  public void workThatCannotStartEndsTheTaskWithTheOsError() {
    launcher.failLaunchesWith("exec failed: No such file or directory");

    Starting.Step step = Starting.start(new ProcessWork(launcher), info, request);

    assertTrue(step instanceof Starting.End);
    TaskStatus update = ((Starting.End) step).update().build();
    assertEquals(TaskState.TASK_FAILED, update.getState());
    assertEquals("exec failed: No such file or directory", update.getMessage());
    assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, update.getReason());
  }
}
