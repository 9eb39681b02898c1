package org.mesosexec.health;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.junit.Test;
import org.mesosexec.testing.FakeProber;
import org.mesosexec.testing.FakeScheduler;

/** When a checker starts, times out and stops attempts, on a manual clock. */
public class CheckerTest {
  private static final Duration DELAY = Duration.ofSeconds(2);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Probe COMMAND =
      new Probe.Command(List.of("/bin/sh", "-c", "true"), Map.of(), Optional.empty());
  private static final Probe TCP = new Probe.Tcp(9, false);
  private static final Prober.Target TARGET =
      new Prober.Target(
          Path.of("/sandbox/t1"),
          Map.of("PATH", "/bin"),
          Optional.empty(),
          Path.of("/sandbox/t1/check.log"));

  private final FakeScheduler clock = new FakeScheduler();
  private final FakeProber prober = new FakeProber();
  private final List<Outcome> results = new ArrayList<>();

  private Checker checker(Probe probe, Optional<Duration> timeout, Prober using) {
    return new Checker(
        "health check",
        probe,
        new Timing(DELAY, INTERVAL, timeout),
        using,
        TARGET,
        clock,
        Runnable::run,
        results::add);
  }

  private Checker checker(Optional<Duration> timeout) {
    return checker(COMMAND, timeout, prober);
  }

  private void advanceMillis(long ms) {
    clock.advance(Duration.ofMillis(ms));
  }

  @Test
  public void theFirstAttemptStartsExactlyAfterTheDelay() {
    checker(Optional.of(TIMEOUT)).start();

    advanceMillis(1999);
    assertEquals(0, prober.started().size());
    advanceMillis(1);

    assertEquals(1, prober.started().size());
    FakeProber.Started s = prober.started().get(0);
    assertEquals(COMMAND, s.probe);
    assertEquals(TARGET, s.target);
    assertEquals(Optional.of(TIMEOUT), s.timeout);
  }

  @Test
  public void theNextAttemptStartsAnIntervalAfterThePreviousOutcome() {
    checker(Optional.of(Duration.ofSeconds(10))).start();
    clock.advance(DELAY);
    advanceMillis(3000); // the attempt takes 3 s
    prober.pass("exit 0");
    assertEquals(1, results.size());

    advanceMillis(4999); // fixed-rate would have started one 2 s after the pass
    assertEquals(1, prober.started().size());
    advanceMillis(1);
    assertEquals(2, prober.started().size());

    advanceMillis(500);
    prober.fail("exit 1");
    advanceMillis(4999);
    assertEquals(2, prober.started().size());
    advanceMillis(1);
    assertEquals(3, prober.started().size());
    assertEquals(List.of(true, false), results.stream().map(Outcome::passed).toList());
    assertEquals(List.of("exit 0", "exit 1"), results.stream().map(Outcome::detail).toList());
  }

  @Test
  public void attemptsNeverOverlap() {
    int[] overlaps = {0};
    Prober watching =
        (probe, target, timeout) -> {
          try {
            prober.pending();
            overlaps[0]++;
          } catch (AssertionError none) {
            // nothing is running: as it should be
          }
          return prober.start(probe, target, timeout);
        };
    checker(COMMAND, Optional.empty(), watching).start();

    clock.advance(DELAY);
    clock.advance(Duration.ofMinutes(10)); // a slow attempt: no second one meanwhile
    assertEquals(1, prober.started().size());
    for (int i = 0; i < 5; i++) {
      prober.fail("exit 1");
      clock.advance(INTERVAL);
      clock.advance(INTERVAL.multipliedBy(3));
    }

    assertEquals(6, prober.started().size());
    assertEquals(0, overlaps[0]);
    assertEquals(5, results.size());
  }

  @Test
  public void aTimeoutAbortsTheAttemptAndReportsNoAnswer() {
    checker(Optional.of(TIMEOUT)).start();
    clock.advance(DELAY);
    FakeProber.Started first = prober.started().get(0);

    advanceMillis(999);
    assertFalse(first.aborted());
    assertEquals(List.of(), results);
    advanceMillis(1);

    assertTrue(first.aborted());
    assertEquals(1, results.size());
    Outcome o = results.get(0);
    assertFalse(o.passed());
    assertThat(o.detail(), containsString("did not return within 1000 ms"));
    assertEquals(CheckInfo.Type.COMMAND, o.status().getType());
    assertTrue(o.status().hasCommand());
    assertFalse("no exit code: the command gave no result", o.status().getCommand().hasExitCode());
  }

  @Test
  public void theAttemptAfterATimeoutFollowsAnIntervalLater() {
    checker(Optional.of(TIMEOUT)).start();
    clock.advance(DELAY.plus(TIMEOUT));
    assertEquals(1, results.size());

    advanceMillis(4999);
    assertEquals(1, prober.started().size());
    advanceMillis(1);
    assertEquals(2, prober.started().size());
    prober.pass("exit 0");

    assertEquals(List.of(false, true), results.stream().map(Outcome::passed).toList());
  }

  @Test
  public void aTcpTimeoutGivesAnEmptyTcpResult() {
    checker(TCP, Optional.of(TIMEOUT), prober).start();
    clock.advance(DELAY.plus(TIMEOUT));

    Outcome o = results.get(0);
    assertFalse(o.passed());
    assertThat(o.detail(), containsString("did not return within 1000 ms"));
    assertEquals(CheckInfo.Type.TCP, o.status().getType());
    assertTrue(o.status().hasTcp());
    assertFalse(o.status().getTcp().hasSucceeded());
  }

  @Test
  public void aResultThatArrivesAfterItsTimeoutIsIgnored() {
    List<CompletableFuture<Outcome>> attempts = new ArrayList<>();
    Prober keeping =
        (probe, target, timeout) -> {
          CompletableFuture<Outcome> result = new CompletableFuture<>();
          attempts.add(result);
          return new Prober.Attempt(result, () -> {});
        };
    checker(COMMAND, Optional.of(TIMEOUT), keeping).start();
    clock.advance(DELAY.plus(TIMEOUT));
    assertEquals(1, results.size());

    attempts.get(0).complete(new Outcome(true, "late", CheckStatusInfo.getDefaultInstance()));
    assertEquals("the late pass is not handed over", 1, results.size());

    clock.advance(INTERVAL);
    assertEquals("the late pass does not schedule an attempt of its own", 2, attempts.size());
    attempts.get(0).complete(new Outcome(true, "later", CheckStatusInfo.getDefaultInstance()));
    assertEquals(1, results.size());

    attempts.get(1).complete(new Outcome(true, "in time", CheckStatusInfo.getDefaultInstance()));
    assertEquals(List.of(false, true), results.stream().map(Outcome::passed).toList());
    assertEquals("in time", results.get(1).detail());
    clock.advance(INTERVAL.multipliedBy(2).minusMillis(1));
    assertEquals("one attempt per interval, not two", 3, attempts.size());
  }

  @Test
  public void withoutATimeoutAnAttemptIsNeverAborted() {
    checker(Optional.empty()).start();
    clock.advance(DELAY);
    FakeProber.Started s = prober.started().get(0);
    assertEquals(Optional.empty(), s.timeout);

    clock.advance(Duration.ofDays(2));

    assertFalse(s.aborted());
    assertEquals(List.of(), results);
    assertEquals(1, prober.started().size());
    prober.pass("at last");
    assertEquals("at last", results.get(0).detail());
  }

  @Test
  public void stopAbortsARunningAttemptAndNothingStartsAfterwards() {
    Checker c = checker(Optional.of(TIMEOUT));
    c.start();
    clock.advance(DELAY);
    FakeProber.Started s = prober.started().get(0);

    c.stop();

    assertTrue(s.aborted());
    assertTrue(c.stopped());
    assertEquals(0, clock.pending());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, prober.started().size());
    assertEquals(List.of(), results);
  }

  @Test
  public void stopWhileIdleCancelsTheTimer() {
    Checker c = checker(Optional.of(TIMEOUT));
    c.start();
    clock.advance(DELAY);
    prober.pass("exit 0");
    assertEquals(1, clock.pending());

    c.stop();

    assertEquals(0, clock.pending());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, prober.started().size());
    assertEquals(1, results.size());
  }

  @Test
  public void stopBeforeTheFirstAttemptMeansNoAttempt() {
    Checker c = checker(Optional.of(TIMEOUT));
    c.start();

    c.stop();
    c.start();

    assertEquals(0, clock.pending());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(0, prober.started().size());
  }

  @Test
  public void aResultOfAnAttemptThatStopAbortedIsNotHandedOver() {
    List<CompletableFuture<Outcome>> attempts = new ArrayList<>();
    Prober keeping =
        (probe, target, timeout) -> {
          CompletableFuture<Outcome> result = new CompletableFuture<>();
          attempts.add(result);
          return new Prober.Attempt(result, () -> {});
        };
    Checker c = checker(COMMAND, Optional.empty(), keeping);
    c.start();
    clock.advance(DELAY);

    c.stop();
    attempts.get(0).complete(new Outcome(true, "too late", CheckStatusInfo.getDefaultInstance()));

    assertEquals(List.of(), results);
    assertEquals(0, clock.pending());
  }

  @Test
  public void aProberThatThrowsGivesAFailureAndCheckingGoesOn() {
    int[] calls = {0};
    Prober flaky =
        (probe, target, timeout) -> {
          if (calls[0]++ == 0) {
            throw new IllegalStateException("no more processes");
          }
          return prober.start(probe, target, timeout);
        };
    checker(COMMAND, Optional.of(TIMEOUT), flaky).start();
    clock.advance(DELAY);

    assertEquals(1, results.size());
    Outcome o = results.get(0);
    assertFalse(o.passed());
    assertThat(o.detail(), containsString("could not start"));
    assertThat(o.detail(), containsString("no more processes"));
    assertEquals(CheckInfo.Type.COMMAND, o.status().getType());
    assertEquals("only the next attempt's timer is left", 1, clock.pending());

    clock.advance(INTERVAL);
    assertEquals(2, calls[0]);
    prober.pass("exit 0");
    assertEquals(List.of(false, true), results.stream().map(Outcome::passed).toList());
  }
}
