package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class LockedStepsTest {
  private final Object lock = new Object();
  private final LockedSteps steps = new LockedSteps(lock);
  private final List<String> happened = new ArrayList<>();

  @Test
  public void workLeftForLaterRunsAfterTheStepOutsideTheLockInOrder() {
    steps.run(
        () -> {
          steps.later(() -> happened.add("first, locked: " + Thread.holdsLock(lock)));
          steps.later(() -> happened.add("second"));
          happened.add("step");
        });

    assertEquals(List.of("step", "first, locked: false", "second"), happened);
  }

  @Test
  public void aStepRunInsideAnotherLeavesItsLaterWorkToTheOuterOne() {
    steps.run(
        () -> {
          steps.run(() -> steps.later(() -> happened.add("inner's work")));
          happened.add("outer goes on");
        });

    assertEquals(List.of("outer goes on", "inner's work"), happened);
  }

  @Test
  public void laterWorkMayRunStepsOfItsOwn() {
    steps.run(
        () ->
            steps.later(
                () ->
                    steps.run(
                        () -> {
                          assertFalse(happened.contains("again"));
                          steps.later(() -> happened.add("again"));
                        })));

    assertEquals(List.of("again"), happened);
  }

  @Test
  public void workOutsideTheLockHandsItsResultToAStepUnderIt() {
    steps.run(
        () ->
            steps.outside(
                () -> "result, locked: " + Thread.holdsLock(lock),
                r -> happened.add(r + "; handled, locked: " + Thread.holdsLock(lock)),
                e -> happened.add("failed")));

    assertEquals(List.of("result, locked: false; handled, locked: true"), happened);
  }

  @Test
  public void workOutsideTheLockThatThrowsHandsTheFailureToAStepUnderIt() {
    steps.run(
        () ->
            steps.<String>outside(
                () -> {
                  throw new IllegalStateException("boom");
                },
                r -> happened.add("done"),
                e -> happened.add(e.getMessage() + ", locked: " + Thread.holdsLock(lock))));

    assertEquals(List.of("boom, locked: true"), happened);
  }
}
