package org.mesosexec.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.junit.Test;

/** How health check outcomes turn into health reports and kills, as Mesos counts them. */
public class HealthCounterTest {
  private static final long START = 1_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final Probe PROBE = new Probe.Command(List.of("true"), Map.of(), Optional.empty());

  private static Outcome pass(String detail) {
    return new Outcome(true, detail, CheckStatusInfo.getDefaultInstance());
  }

  private static Outcome fail(String detail) {
    return new Outcome(false, detail, CheckStatusInfo.getDefaultInstance());
  }

  private static HealthCounter counter(Duration grace, int consecutive) {
    return new HealthCounter(new HealthPolicy(grace, consecutive), START);
  }

  @Test
  public void failuresWithinTheGracePeriodAreIgnoredUpToAndIncludingItsEnd() {
    HealthCounter c = counter(Duration.ofSeconds(10), 3);

    assertEquals(Optional.empty(), c.record(fail("early"), START));
    assertEquals(Optional.empty(), c.record(fail("later"), START + 5 * SECOND));
    assertEquals(
        "exactly at the end of the grace period still counts as within it",
        Optional.empty(),
        c.record(fail("at the end"), START + 10 * SECOND));

    HealthEvent first = c.record(fail("just after"), START + 10 * SECOND + 1).orElseThrow();
    assertFalse(first.healthy());
    assertEquals("ignored failures do not count", 1, first.consecutiveFailures());
    assertFalse(first.killTask());
    assertEquals("just after", first.detail());
  }

  @Test
  public void aSuccessDuringTheGracePeriodEndsIt() {
    HealthCounter c = counter(Duration.ofSeconds(10), 3);

    assertTrue(c.record(pass("up"), START + SECOND).orElseThrow().healthy());
    HealthEvent e = c.record(fail("down"), START + 2 * SECOND).orElseThrow();

    assertFalse(e.healthy());
    assertEquals(1, e.consecutiveFailures());
  }

  @Test
  public void aZeroGracePeriodIgnoresNothing() {
    HealthCounter c = counter(Duration.ZERO, 3);

    HealthEvent e = c.record(fail("at once"), START).orElseThrow();

    assertFalse(e.healthy());
    assertEquals(1, e.consecutiveFailures());
  }

  @Test
  public void consecutiveFailuresCountUpAndKillExactlyAtTheLimit() {
    HealthCounter c = counter(Duration.ZERO, 3);

    HealthEvent one = c.record(fail("a"), START + SECOND).orElseThrow();
    HealthEvent two = c.record(fail("b"), START + 2 * SECOND).orElseThrow();
    HealthEvent three = c.record(fail("c"), START + 3 * SECOND).orElseThrow();

    assertEquals(
        List.of(1, 2, 3),
        List.of(one.consecutiveFailures(), two.consecutiveFailures(), three.consecutiveFailures()));
    assertFalse(one.killTask());
    assertFalse(two.killTask());
    assertTrue(three.killTask());
    assertEquals("c", three.detail());
  }

  @Test
  public void zeroConsecutiveFailuresKillsOnTheFirstCountedFailure() {
    HealthCounter c = counter(Duration.ofSeconds(5), 0);

    assertEquals(
        "still ignored within the grace period",
        Optional.empty(),
        c.record(fail("early"), START + SECOND));
    HealthEvent e = c.record(fail("late"), START + 6 * SECOND).orElseThrow();

    assertEquals(1, e.consecutiveFailures());
    assertTrue(e.killTask());
  }

  @Test
  public void theFirstSuccessIsReportedHealthy() {
    HealthCounter c = counter(Duration.ofSeconds(10), 3);

    HealthEvent e = c.record(pass("exit 0"), START + SECOND).orElseThrow();

    assertTrue(e.healthy());
    assertEquals(0, e.consecutiveFailures());
    assertFalse(e.killTask());
    assertEquals("exit 0", e.detail());
  }

  @Test
  public void repeatedSuccessesAreNotReported() {
    HealthCounter c = counter(Duration.ofSeconds(10), 3);
    assertTrue(c.record(pass("1"), START + SECOND).isPresent());

    assertEquals(Optional.empty(), c.record(pass("2"), START + 2 * SECOND));
    assertEquals(Optional.empty(), c.record(pass("3"), START + 60 * SECOND));
  }

  @Test
  public void aSuccessAfterFailuresIsReportedAndStartsTheCountAfresh() {
    HealthCounter c = counter(Duration.ZERO, 3);
    c.record(pass("up"), START + SECOND);
    c.record(fail("a"), START + 2 * SECOND);
    c.record(fail("b"), START + 3 * SECOND);

    HealthEvent back = c.record(pass("up again"), START + 4 * SECOND).orElseThrow();
    assertTrue(back.healthy());
    assertEquals(0, back.consecutiveFailures());

    HealthEvent next = c.record(fail("c"), START + 5 * SECOND).orElseThrow();
    assertEquals(1, next.consecutiveFailures());
    assertFalse(next.killTask());
    assertEquals(2, c.record(fail("d"), START + 6 * SECOND).orElseThrow().consecutiveFailures());
    assertTrue(c.record(fail("e"), START + 7 * SECOND).orElseThrow().killTask());
  }

  @Test
  public void aSuccessAfterFailuresCountedBeforeAnySuccessIsReported() {
    HealthCounter c = counter(Duration.ZERO, 5);
    c.record(fail("a"), START + SECOND);

    assertTrue(c.record(pass("up"), START + 2 * SECOND).orElseThrow().healthy());
    assertEquals(Optional.empty(), c.record(pass("up"), START + 3 * SECOND));
  }

  @Test
  public void messagesSayWhatHappenedAndWhatItMeans() {
    assertEquals(
        "Health check passed: exit 0", new HealthEvent(true, 0, false, "exit 0").message());
    assertEquals(
        "Health check failed once: exit 1", new HealthEvent(false, 1, false, "exit 1").message());
    assertEquals(
        "Health check failed 2 times in a row: HTTP 503",
        new HealthEvent(false, 2, false, "HTTP 503").message());
    assertEquals(
        "Health check failed 3 times in a row: refused; the task is killed",
        new HealthEvent(false, 3, true, "refused").message());
    assertEquals(
        "Health check failed once: refused; the task is killed",
        new HealthEvent(false, 1, true, "refused").message());
  }

  @Test
  public void theMessageOfARecordedEventCarriesTheOutcomesDetail() {
    HealthCounter c = counter(Duration.ZERO, 1);

    HealthEvent e =
        c.record(Outcome.noAnswer(PROBE, "command did not return within 20000 ms"), START)
            .orElseThrow();

    assertEquals(
        "Health check failed once: command did not return within 20000 ms;" + " the task is killed",
        e.message());
  }
}
