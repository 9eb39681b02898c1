package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.output.EventShipper;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;

/**
 * The task registry: a finished task's run leaves it, so an executor that runs many tasks keeps
 * only their ids, and a duplicate id is still refused after the first task has ended.
 */
public class TaskSupervisorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeLauncher launcher = new FakeLauncher();
  private final List<TaskStatus> updates = new CopyOnWriteArrayList<>();
  private final EventShipper shipper = Supervisors.events();
  private TaskSupervisor supervisor;

  @Before
  public void wire() {
    supervisor =
        Supervisors.over(
            launcher, clock, Runnable::run, tmp.getRoot().toPath(), updates::add, shipper);
  }

  @After
  public void closeEvents() {
    shipper.close();
  }

  @Test
  public void aFinishedTasksRunLeavesTheRegistryAndItsIdIsStillRefused() {
    supervisor.launch(Tasks.shell("once", "true"));
    assertTrue("a live task is held", supervisor.holdsRun("once"));

    launcher.launched().get(0).exitWith(ExitStatus.fromJvm(0));

    assertEquals(
        List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED),
        states("once"));
    assertFalse("the finished task's run is gone", supervisor.holdsRun("once"));

    supervisor.launch(Tasks.shell("once", "true"));

    TaskStatus refused = updates.get(updates.size() - 1);
    assertEquals(TaskState.TASK_ERROR, refused.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, refused.getReason());
    assertEquals("no second process", 1, launcher.launched().size());
    assertFalse(supervisor.holdsRun("once"));
  }

  @Test
  public void aKillForAFinishedTaskSendsNothing() {
    supervisor.launch(Tasks.shell("done", "true"));
    launcher.launched().get(0).exitWith(ExitStatus.fromJvm(0));
    int before = updates.size();

    supervisor.kill(Tasks.id("done"));

    assertEquals(before, updates.size());
    assertEquals(0, supervisor.liveTasks());
  }

  @Test
  public void manyShortTasksLeaveNoRunBehind() {
    for (int i = 0; i < 200; i++) {
      supervisor.launch(Tasks.shell("t" + i, "true"));
      launcher.launched().get(i).exitWith(ExitStatus.fromJvm(0));
    }

    for (int i = 0; i < 200; i++) {
      assertFalse("t" + i, supervisor.holdsRun("t" + i));
    }
    assertEquals(
        200, updates.stream().filter(u -> u.getState() == TaskState.TASK_FINISHED).count());
  }

  private List<TaskState> states(String id) {
    return updates.stream()
        .filter(u -> u.getTaskId().getValue().equals(id))
        .map(TaskStatus::getState)
        .toList();
  }
}
