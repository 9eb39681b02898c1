package org.mesosexec.task;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.After;
import org.junit.Test;
import org.mesosexec.hooks.Hooks;
import org.mesosexec.output.EventShipper;
import org.mesosexec.task.TaskControl.Phase;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;

/**
 * How a task's events reach its lock, and what becomes of one that fails: on the fake clock, with
 * workers that run what they get at once or refuse it.
 */
public class TaskEventsTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final FakeTask task = new FakeTask();
  private final List<String> happened = new ArrayList<>();
  private final EventShipper shipper = Supervisors.events();

  private TaskEvents events(Executor workers) {
    return new TaskEvents(
        task, Supervisors.context(clock, workers, Hooks.none(), new FakeProber(), shipper));
  }

  private static final Executor REFUSING =
      r -> {
        throw new RejectedExecutionException("queue full");
      };

  @After
  public void closeEvents() {
    shipper.close();
  }

  @Test
  public void aStepRunsUnderTheTasksLockAndWhatItLeftForLaterOutsideIt() {
    TaskEvents events = events(Runnable::run);

    events.step(
        "a step",
        () -> {
          events.later(() -> happened.add("later, locked: " + Thread.holdsLock(task)));
          happened.add("step, locked: " + Thread.holdsLock(task));
        });

    assertEquals(List.of("step, locked: true", "later, locked: false"), happened);
  }

  @Test
  public void aStepThatThrowsEvenAnErrorFailsTheTaskSayingWhatItWasDoing() {
    events(Runnable::run)
        .step(
            "reading the spec",
            () -> {
              throw new StackOverflowError();
            });

    assertEquals(List.of("failed reading the spec: java.lang.StackOverflowError"), task.asked);
  }

  @Test
  public void anEventTheWorkersRefuseFailsTheTaskUnlessItHasEnded() {
    TaskEvents events = events(REFUSING);

    events.onWorker(() -> happened.add("ran"));
    task.phase = Phase.ENDING;
    events.onTask("a check").execute(() -> happened.add("ran"));

    assertEquals(List.of(), happened);
    assertEquals(
        List.of(
            "failed handing work to the executor's workers:"
                + " java.util.concurrent.RejectedExecutionException: the executor's workers refused"
                + " it"),
        task.asked);
  }

  @Test
  public void anEventAfterADelayRunsAsAStepOnceTheDelayIsOver() {
    TaskEvents events = events(Runnable::run);

    events.after(Duration.ofSeconds(1), () -> happened.add("locked: " + Thread.holdsLock(task)));
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), happened);
    clock.advance(Duration.ofMillis(1));

    assertEquals(List.of("locked: true"), happened);
  }

  @Test
  public void workLeftOutsideTheLockHandsItsResultOrItsFailureBackUnderIt() {
    TaskEvents events = events(Runnable::run);

    events.step(
        "signalling",
        () ->
            events.outside(
                "signalling",
                () -> Thread.holdsLock(task) ? "locked" : "unlocked",
                r -> happened.add(r + ", then locked: " + Thread.holdsLock(task)),
                e -> happened.add("failed")));
    events.step(
        "signalling",
        () ->
            events.outside(
                "signalling",
                () -> {
                  throw new IllegalStateException("gone");
                },
                r -> happened.add("done"),
                e -> happened.add("failed: " + e.getMessage() + ", " + Thread.holdsLock(task))));

    assertEquals(List.of("unlocked, then locked: true", "failed: gone, true"), happened);
  }
}
