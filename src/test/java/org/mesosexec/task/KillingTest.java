package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.testing.FakeScheduler;

/** What each event of a kill leads to, on the fake clock. */
public class KillingTest {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private final FakeScheduler clock = new FakeScheduler();

  private Killing killing(KillCause cause, Duration limit) {
    return new Killing(
        "t1", new KillSequence(cause, "", clock.nanoTime(), limit), Optional.of(GRACE));
  }

  @Test
  public void withoutHooksAKillSignalsAtOnceAndReportsKilling() {
    Killing k = killing(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(
        new Killing.Step(true, Optional.empty(), Optional.empty(), Optional.of(GRACE)),
        k.first(KillSequence.NO_LIMIT, true, Optional.empty(), clock.nanoTime()));
  }

  @Test
  public void maxCompletionTimeReportsNoKillingStateAndHasNoGrace() {
    Killing k = killing(KillCause.MAX_COMPLETION_TIME, KillSequence.NO_LIMIT);

    assertEquals(
        Killing.Step.signals(Duration.ZERO),
        k.first(KillSequence.NO_LIMIT, true, Optional.empty(), clock.nanoTime()));
  }

  @Test
  public void hooksAreBoundedByHalfTheLimitAndTheirOwnTimeout() {
    Killing k = killing(KillCause.SHUTDOWN, Duration.ofSeconds(10));
    Killing.Step step =
        k.first(
            Duration.ofSeconds(10), false, Optional.of(Duration.ofSeconds(2)), clock.nanoTime());

    assertEquals(
        new Killing.Step(
            false,
            Optional.of(Duration.ofSeconds(5)),
            Optional.of(Duration.ofSeconds(2).plus(Killing.HOOK_SLACK)),
            Optional.empty()),
        step);
    Killing tight = killing(KillCause.SHUTDOWN, Duration.ofSeconds(2));
    assertEquals(
        Optional.of(Duration.ofSeconds(1).plus(Killing.HOOK_SLACK)),
        tight
            .first(
                Duration.ofSeconds(2), false, Optional.of(Duration.ofSeconds(30)), clock.nanoTime())
            .signalsBy());
  }

  @Test
  public void hooksDoneStartsTheSignalsOnceWithTheGraceLeftWithinTheLimit() {
    Killing k = killing(KillCause.SHUTDOWN, Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(2));

    Killing.Step step = k.hooksDone(clock.nanoTime());
    assertEquals(Killing.Step.signals(Duration.ofSeconds(2)), step);
    assertEquals(Killing.Move.TERM_THEN_WAIT, k.move(Duration.ofSeconds(2)));
    assertEquals(Killing.Step.NONE, k.hooksDone(clock.nanoTime()));
  }

  @Test
  public void aRepeatedKillDuringTheHooksBringsTheSignalsForward() {
    Killing k = killing(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(
        Optional.of(Duration.ofSeconds(1)),
        k.repeated(Duration.ofSeconds(2), clock.nanoTime()).signalsBy());
  }

  @Test
  public void aRepeatedKillAfterSigtermOnlyEverBringsSigkillCloser() {
    Killing k = killing(KillCause.KILL_TASK, KillSequence.NO_LIMIT);
    assertEquals(Killing.Move.TERM_THEN_WAIT, k.move(GRACE));
    assertTrue(k.needsDeadline());
    k.sequence().setDeadline(clock.nanoTime() + GRACE.toNanos(), () -> {});
    assertFalse(k.needsDeadline());
    clock.advance(Duration.ofSeconds(1));

    assertEquals(Killing.Step.NONE, k.repeated(KillSequence.NO_LIMIT, clock.nanoTime()));
    assertEquals(
        Killing.Step.signals(Duration.ofMillis(500)),
        k.repeated(Duration.ofMillis(500), clock.nanoTime()));
  }

  @Test
  public void theEndOfTheGracePeriodSendsSigkillOnce() {
    Killing k = killing(KillCause.KILL_TASK, KillSequence.NO_LIMIT);
    assertEquals(Killing.Move.TERM_THEN_WAIT, k.move(GRACE));
    assertEquals(Killing.Move.WAIT, k.move(GRACE));
    clock.advance(GRACE);

    Killing.Step step = k.graceOver();
    assertEquals(Killing.Step.signals(Duration.ZERO), step);
    assertEquals(Killing.Move.KILL, k.move(Duration.ZERO));
    assertEquals(KillSequence.State.SIGKILL_AFTER_GRACE, k.sequence().state());
    assertEquals(Killing.Step.NONE, k.graceOver());
    assertFalse(k.needsDeadline());
  }

  @Test
  public void noGraceMeansSigkillAtOnceAndThenOnlyWatching() {
    Killing k = killing(KillCause.SHUTDOWN, Duration.ZERO);

    assertEquals(Killing.Move.KILL, k.move(k.hooksDone(clock.nanoTime()).signals().orElseThrow()));
    assertEquals(KillSequence.State.SIGKILL_AT_ONCE, k.sequence().state());
    assertEquals(Killing.Move.KILLED, k.move(GRACE));
  }
}
