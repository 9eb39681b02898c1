package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.json.Json;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/** What a task's exit and each look at what is left of it lead to, on the fake clock. */
public class ExitingTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final Exiting exiting = new Exiting(Tasks.id("t"));
  private final Work work = new Work();
  private final TaskSpec spec =
      new TaskSources(List.of())
          .resolve(Tasks.withSpec("t", Json.parse("{\"command\":\"x\"}").getAsJsonObject()));

  /** Work whose processes the test sets. */
  private static final class Work implements RunningWork {
    final List<Long> left = new ArrayList<>();
    int newcomers;

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(7);
    }

    @Override
    public CompletionStage<ExitStatus> ended() {
      return new CompletableFuture<>();
    }

    @Override
    public List<Long> remaining() {
      return List.copyOf(left);
    }

    @Override
    public int stop(Signal signal) {
      return left.size();
    }

    @Override
    public int stopNewcomers() {
      return newcomers;
    }
  }

  private Killing killing() {
    KillSequence sequence =
        new KillSequence(KillCause.KILL_TASK, "", clock.nanoTime(), KillSequence.NO_LIMIT);
    sequence.next(Duration.ofSeconds(3)); // SIGTERM has gone out
    return new Killing("t", sequence, Optional.empty());
  }

  private Exiting.Look look(Killing kill) {
    return exiting.look(false, kill, work, spec, clock.nanoTime());
  }

  @Test
  public void nothingIsDecidedBeforeTheWorkExited() {
    assertEquals(Exiting.Look.NOTHING, look(null));
    assertEquals(Optional.empty(), exiting.afterSigkill());
  }

  @Test
  public void workThatExitedLeavingNothingEndsTheTaskAtTheNextLook() {
    assertEquals(List.of(), exiting.exited(ExitStatus.fromJvm(0), false, work));

    TaskStatus.Builder end = look(null).end().orElseThrow();

    assertEquals(TaskState.TASK_FINISHED, end.getState());
    assertEquals("Command exited with status 0", end.getMessage());
  }

  @Test
  public void processesLeftBehindAreReturnedUnlessAKillTerminatesThemAnyway() {
    work.left.add(42L);

    assertEquals(List.of(42L), exiting.exited(ExitStatus.fromJvm(1), false, work));
    assertEquals(List.of(), new Exiting(Tasks.id("t")).exited(ExitStatus.fromJvm(1), true, work));
  }

  @Test
  public void aKilledTaskEndsOnceNothingOfItIsLeftLookingAgainWithBackoff() {
    Killing kill = killing();
    work.left.add(42L);
    exiting.exited(ExitStatus.fromJvm(143), true, work);

    assertEquals(new Exiting.Look(Optional.empty(), Optional.of(Duration.ofMillis(1))), look(kill));
    assertEquals(new Exiting.Look(Optional.empty(), Optional.of(Duration.ofMillis(2))), look(kill));
    work.left.clear();
    clock.advance(Duration.ofSeconds(1));
    TaskStatus.Builder end = look(kill).end().orElseThrow();

    assertEquals(TaskState.TASK_KILLED, end.getState());
  }

  @Test
  public void processesStartedDuringTheKillAreCountedAsSignalled() {
    Killing kill = killing();
    work.newcomers = 2;
    exiting.exited(ExitStatus.fromJvm(143), true, work);

    String message = look(kill).end().orElseThrow().getMessage();

    assertTrue(message, message.contains(": 2 processes; "));
  }

  @Test
  public void noLookCountsWhileASignalIsOnItsWayAndOneIsDueOnceItHasGone() {
    exiting.exited(ExitStatus.fromJvm(0), false, work);
    exiting.reaper().signalSending();

    assertEquals(Exiting.Look.NOTHING, look(null));
    assertTrue(exiting.reaper().signalSent());
    assertTrue(look(null).end().isPresent());
  }

  @Test
  public void noLookCountsOnceTheTaskHasEnded() {
    exiting.exited(ExitStatus.fromJvm(0), false, work);

    assertEquals(Exiting.Look.NOTHING, exiting.look(true, null, work, spec, clock.nanoTime()));
    assertFalse(exiting.reaper().signalSent()); // and none is left waiting
  }

  @Test
  public void sigkillStartsTheLooksOverOnceTheWorkExited() {
    Killing kill = killing();
    work.left.add(42L);
    exiting.exited(ExitStatus.fromJvm(143), true, work);
    look(kill);
    look(kill);

    assertEquals(Optional.of(Reaper.FIRST_POLL), exiting.afterSigkill());
  }

  @Test
  public void anAbandonedTaskIsReportedKilledWithWhy() {
    TaskStatus.Builder update = exiting.abandoned(killing(), "processes [42] were still present");

    assertEquals(TaskState.TASK_KILLED, update.getState());
    assertEquals(
        "Task killed by killTask; but processes [42] were still present", update.getMessage());
  }
}
