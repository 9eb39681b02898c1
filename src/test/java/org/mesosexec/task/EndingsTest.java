package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Duration;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.json.Json;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;

public class EndingsTest {
  private static final long MS = 1_000_000;

  private static TaskSpec spec(String json) {
    return new TaskSources(java.util.List.of())
        .resolve(Tasks.withSpec("t", Json.parse(json).getAsJsonObject()));
  }

  private static KillSequence signalled(KillCause cause) {
    KillSequence k = new KillSequence(cause, "", 0, KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    return k;
  }

  @Test
  public void exitZeroFinishesAndAnyOtherFailsWithoutAReason() {
    TaskSpec spec = spec("{\"command\":\"x\"}");
    TaskStatus.Builder ok = Endings.finished(Tasks.id("t"), ExitStatus.fromJvm(0), null, spec, 0);
    TaskStatus.Builder bad = Endings.finished(Tasks.id("t"), ExitStatus.fromJvm(2), null, spec, 0);

    assertEquals(TaskState.TASK_FINISHED, ok.getState());
    assertEquals("Command exited with status 0", ok.getMessage());
    assertEquals("{\"exit_code\":0,\"signal\":null}", ok.getData().toStringUtf8());
    assertEquals(TaskState.TASK_FAILED, bad.getState());
    assertFalse(bad.hasReason());
  }

  @Test
  public void aKillIsReportedAsKilledWithHowItEnded() {
    TaskStatus.Builder end =
        Endings.finished(
            Tasks.id("t"),
            ExitStatus.fromJvm(143),
            signalled(KillCause.KILL_TASK),
            spec("{\"command\":\"x\"}"),
            7 * MS);

    assertEquals(TaskState.TASK_KILLED, end.getState());
    assertEquals(
        "Task killed by killTask: exited on SIGTERM after 7 ms (Command terminated with"
            + " signal Terminated)",
        end.getMessage());
  }

  @Test
  public void theMaxCompletionTimeFailsTheTaskWithItsReason() {
    TaskStatus.Builder end =
        Endings.finished(
            Tasks.id("t"),
            ExitStatus.fromJvm(137),
            signalled(KillCause.MAX_COMPLETION_TIME),
            spec("{\"command\":\"x\",\"max_completion_time_ms\":2000}"),
            0);

    assertEquals(TaskState.TASK_FAILED, end.getState());
    assertEquals(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED, end.getReason());
    assertEquals(
        "Task exceeded its max completion time of 2000 ms; Command terminated with signal"
            + " Killed",
        end.getMessage());
  }

  @Test
  public void leftoversKeepTheStateTheTaskEndedWith() {
    KillSequence k = signalled(KillCause.LEFTOVERS);
    k.countProcesses(1);
    TaskStatus.Builder end =
        Endings.finished(
            Tasks.id("t"), ExitStatus.fromJvm(0), k, spec("{\"command\":\"x\"}"), 3 * MS);

    assertEquals(TaskState.TASK_FINISHED, end.getState());
    assertEquals(
        "Command exited with status 0; 1 leftover process was terminated: exited on"
            + " SIGTERM after 3 ms",
        end.getMessage());
  }

  @Test
  public void anAbandonedTaskSaysWhatWasLeftAndCarriesTheExitOnlyIfThereWasOne() {
    KillSequence k = signalled(KillCause.SHUTDOWN);
    k.next(Duration.ZERO);
    TaskStatus.Builder stuck = Endings.abandoned(Tasks.id("t"), null, k, "it was still there");
    TaskStatus.Builder unstarted = Endings.abandoned(Tasks.id("t"), null, null, "time is up");

    assertEquals(TaskState.TASK_KILLED, stuck.getState());
    assertEquals(
        "Task killed by executor shutdown (SIGKILL sent); but it was still there",
        stuck.getMessage());
    assertFalse(stuck.hasData());
    assertEquals("Task killed; but time is up", unstarted.getMessage());
  }

  @Test
  public void abandonedLeftoversKeepTheTasksOwnEnd() {
    TaskStatus.Builder end =
        Endings.abandoned(
            Tasks.id("t"),
            ExitStatus.fromJvm(3),
            signalled(KillCause.LEFTOVERS),
            "processes [7] were still present");

    assertEquals(TaskState.TASK_FAILED, end.getState());
    assertEquals(
        "Command exited with status 3; leftover processes were sent SIGTERM and SIGKILL,"
            + " but processes [7] were still present",
        end.getMessage());
    assertEquals("{\"exit_code\":3,\"signal\":null}", end.getData().toStringUtf8());
  }

  @Test
  public void anInvalidTaskReportedAsFailedKeepsItsReasonAndMessage() {
    TaskStatus invalid =
        Endings.invalid(
                Tasks.id("t"),
                new InvalidTaskException("no command").reportedAs(TaskState.TASK_FAILED))
            .build();

    assertEquals(TaskState.TASK_FAILED, invalid.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, invalid.getReason());
    assertEquals("no command", invalid.getMessage());
  }

  @Test
  public void anInvalidTaskIsAnErrorAndAnExecutorBugFailsTheTask() {
    TaskStatus invalid =
        Endings.invalid(Tasks.id("t"), new InvalidTaskException("no command")).build();
    assertEquals(TaskState.TASK_ERROR, invalid.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, invalid.getReason());
    assertEquals("no command", invalid.getMessage());

    TaskStatus bug =
        Endings.executorError(Tasks.id("t"), "killing the task", new IllegalStateException("oops"))
            .build();
    assertEquals(TaskState.TASK_FAILED, bug.getState());
    assertEquals(
        "Executor error while killing the task: java.lang.IllegalStateException: oops",
        bug.getMessage());
  }
}
