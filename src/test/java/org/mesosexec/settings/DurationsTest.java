package org.mesosexec.settings;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

/** Stout's duration syntax, as the agent writes it in MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD. */
public class DurationsTest {
  private static final String UNITS = "ns, us, ms, secs, mins, hrs, days, weeks";

  private static IllegalArgumentException rejected(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @Test
  public void parsesSeconds() {
    assertEquals(Duration.ofSeconds(5), Durations.parse("5secs"));
  }

  @Test
  public void parsesFractionalMinutes() {
    assertEquals(Duration.ofSeconds(90), Durations.parse("1.5mins"));
  }

  @Test
  public void parsesMilliseconds() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
  }

  @Test
  public void parsesNanoseconds() {
    assertEquals(Duration.ofNanos(10), Durations.parse("10ns"));
  }

  @Test
  public void parsesMicroseconds() {
    assertEquals(Duration.ofNanos(250_000), Durations.parse("250us"));
  }

  @Test
  public void parsesHours() {
    assertEquals(Duration.ofHours(2), Durations.parse("2hrs"));
  }

  @Test
  public void parsesDays() {
    assertEquals(Duration.ofDays(1), Durations.parse("1days"));
  }

  @Test
  public void parsesWeeks() {
    assertEquals(Duration.ofDays(7), Durations.parse("1weeks"));
  }

  @Test
  public void parsesFractionalSeconds() {
    assertEquals(Duration.ofMillis(500), Durations.parse("0.5secs"));
  }

  @Test
  public void parsesZero() {
    assertEquals(Duration.ZERO, Durations.parse("0secs"));
  }

  @Test
  public void toleratesSurroundingSpaces() {
    assertEquals(Duration.ofSeconds(5), Durations.parse(" 5secs\n"));
  }

  @Test
  public void rejectsShortUnitListingTheUnits() {
    IllegalArgumentException e = rejected("5s");

    assertThat(e.getMessage(), containsString("'5s' is not a duration"));
    assertThat(e.getMessage(), containsString(UNITS));
  }

  @Test
  public void rejectsNumberWithoutUnitListingTheUnits() {
    IllegalArgumentException e = rejected("5");

    assertThat(e.getMessage(), containsString("'5' is not a duration"));
    assertThat(e.getMessage(), containsString(UNITS));
  }

  @Test
  public void rejectsUnitWithoutNumberListingTheUnits() {
    IllegalArgumentException e = rejected("secs");

    assertThat(e.getMessage(), containsString("'secs' is not a duration"));
    assertThat(e.getMessage(), containsString(UNITS));
  }

  @Test
  public void rejectsEmptyTextListingTheUnits() {
    IllegalArgumentException e = rejected("");

    assertThat(e.getMessage(), containsString("'' is not a duration"));
    assertThat(e.getMessage(), containsString(UNITS));
  }

  @Test
  public void rejectsNegativeDurations() {
    assertThat(rejected("-5secs").getMessage(), containsString("'-5secs' is not a duration"));
  }

  @Test
  public void rejectsSpaceBetweenNumberAndUnit() {
    assertThat(rejected("5 secs").getMessage(), containsString("is not a duration"));
  }

  @Test
  public void rejectsUpperCaseUnits() {
    assertThat(rejected("5SECS").getMessage(), containsString("is not a duration"));
  }

  @Test
  public void rejectsDurationsTooLongToRepresentInsteadOfWrappingAround() {
    // 100000 weeks is about 6.0e19 ns, beyond Long.MAX_VALUE (about 9.2e18); stout refuses such
    // durations, and today the parser returns about 162 years instead of about 1917 years.
    IllegalArgumentException e = rejected("100000weeks");

    assertThat(e.getMessage(), containsString("'100000weeks'"));
  }

  @Test
  public void humanShowsMillisecondsBelowTenSeconds() {
    assertEquals("12 ms", Durations.human(Duration.ofMillis(12)));
    assertEquals("0 ms", Durations.human(Duration.ZERO));
    assertEquals("9999 ms", Durations.human(Duration.ofMillis(9999)));
  }

  @Test
  public void humanShowsSecondsWithOneDecimalFromTenSeconds() {
    assertEquals("10.0 s", Durations.human(Duration.ofSeconds(10)));
    assertEquals("12.3 s", Durations.human(Duration.ofMillis(12_345)));
    assertEquals("90.0 s", Durations.human(Duration.ofSeconds(90)));
  }

  @Test
  public void durationsPastTheMaximumAreRefusedNotOverflowed() {
    assertEquals(Durations.MAX, Durations.parse("3650days"));
    assertEquals(
        "'9223372036855ms' is too long a duration (at most 3650days)",
        rejected("9223372036855ms").getMessage());
    assertEquals(
        "'99999999999999999999weeks' is too long a duration (at most 3650days)",
        rejected("99999999999999999999weeks").getMessage());
  }

  @Test(timeout = 5000)
  public void aLongRunOfDigitsWithoutAUnitIsRefusedAtOnce() {
    String message = rejected("9".repeat(100_000)).getMessage();

    assertTrue(message, message.contains("(100000 characters)' is not a duration"));
  }
}
