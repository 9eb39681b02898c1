package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.settings.Settings;

/**
 * What a task's output line turns into (DESIGN §6, §7): group 1 of the regex is the percent
 * (decimals rounded half up, 0 to 100 or no progress at all), group 2 the message, trimmed and cut
 * to the cap with "...".
 */
public class ProgressParserTest {
  private static final ProgressParser DEFAULT =
      new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512);

  private static Optional<Progress> parse(String line) {
    return DEFAULT.parse(line);
  }

  private static Progress progress(int percent, String message) {
    return new Progress(percent, message);
  }

  private static ProgressParser capped(int maxMessageLength) {
    return new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), maxMessageLength);
  }

  private static void assertNoProgress(String line) {
    assertEquals("no progress in '" + line + "'", Optional.empty(), parse(line));
  }

  @Test
  public void percentAndMessageFromTheDefaultRegex() {
    assertEquals(Optional.of(progress(42, "loading data")), parse("progress: 42 loading data"));
  }

  @Test
  public void percentAloneHasAnEmptyMessage() {
    assertEquals(Optional.of(progress(42, "")), parse("progress: 42"));
    assertEquals(Optional.of(progress(42, "")), parse("progress: 42   "));
  }

  @Test
  public void spacesAndTabsSeparateTheFieldsAndAreTrimmedFromTheMessage() {
    assertEquals(
        Optional.of(progress(42, "loading\tdata")), parse("progress:\t \t42 \t loading\tdata \t "));
    assertEquals(Optional.of(progress(7, "x")), parse("progress:        7\tx"));
  }

  @Test
  public void aWindowsLineEndIsNotPartOfTheMessage() {
    assertEquals(Optional.of(progress(50, "done")), parse("progress: 50 done\r"));
    assertEquals(Optional.of(progress(50, "")), parse("progress: 50\r"));
  }

  @Test
  public void progressIsFoundAnywhereInTheLine() {
    assertEquals(
        Optional.of(progress(30, "epoch 3 of 10")),
        parse("12:00:01 INFO trainer progress: 30 epoch 3 of 10"));
  }

  @Test
  public void decimalsAreRoundedHalfUp() {
    assertEquals(50, parse("progress: 49.5 x").orElseThrow().percent());
    assertEquals(49, parse("progress: 49.49 x").orElseThrow().percent());
    assertEquals(0, parse("progress: 0.4 x").orElseThrow().percent());
    assertEquals(1, parse("progress: 0.5 x").orElseThrow().percent());
    assertEquals(1, parse("progress: .5 x").orElseThrow().percent());
    assertEquals(100, parse("progress: 99.5 x").orElseThrow().percent());
    assertEquals(43, parse("progress: 42.999999999999999999 x").orElseThrow().percent());
  }

  @Test
  public void leadingZerosAreAllowed() {
    assertEquals(Optional.of(progress(7, "bond")), parse("progress: 007 bond"));
    assertEquals(Optional.of(progress(0, "")), parse("progress: 000"));
    assertEquals(Optional.of(progress(100, "")), parse("progress: 0100"));
    assertEquals(Optional.of(progress(5, "")), parse("progress: 05.0"));
  }

  @Test
  public void zeroAndHundredAreTheBounds() {
    assertEquals(Optional.of(progress(0, "start")), parse("progress: 0 start"));
    assertEquals(Optional.of(progress(100, "end")), parse("progress: 100 end"));
    assertEquals(Optional.of(progress(100, "end")), parse("progress: 100.0 end"));
  }

  @Test
  public void valuesAboveHundredAreNoProgress() {
    assertNoProgress("progress: 100.5 too far");
    assertNoProgress("progress: 100.01");
    assertNoProgress("progress: 101");
    assertNoProgress("progress: 1000 percent");
    assertNoProgress("progress: 99999999999999999999999999999999");
  }

  @Test
  public void negativeValuesAreNoProgress() {
    assertNoProgress("progress: -1 below zero");
    ProgressParser signed = new ProgressParser(Pattern.compile("pct=(-?[0-9.]+)"), 512);
    assertEquals(Optional.empty(), signed.parse("pct=-1"));
    assertEquals(Optional.empty(), signed.parse("pct=-0.5"));
  }

  @Test
  public void whatIsNotANumberIsNoProgress() {
    ProgressParser loose = new ProgressParser(Pattern.compile("pct=(\\S+)\\s*(.*)"), 512);
    for (String value : new String[] {"abc", "1.2.3", "NaN", "Infinity", "50%", "0x10", "1,5"}) {
      assertEquals("pct=" + value, Optional.empty(), loose.parse("pct=" + value + " msg"));
    }
    assertEquals(Optional.of(progress(12, "msg")), loose.parse("pct=12 msg"));
  }

  @Test
  public void linesWithoutTheDefaultShapeAreNoProgress() {
    assertNoProgress("");
    assertNoProgress("progress:50 no space");
    assertNoProgress("Progress: 50 capital P");
    assertNoProgress("progress: fifty");
    assertNoProgress("progress: 50abc");
    assertNoProgress("progress: 50.5.5 two dots");
    assertNoProgress("progress: 50.");
    assertNoProgress("progress:");
  }

  @Test
  public void aRegexWithOneGroupGivesAnEmptyMessage() {
    ProgressParser oneGroup = new ProgressParser(Pattern.compile("pct=(\\d+)"), 512);

    assertEquals(Optional.of(progress(30, "")), oneGroup.parse("step 3: pct=30 and more text"));
  }

  @Test
  public void aRegexWithTwoGroupsTakesTheSecondAsTheMessage() {
    ProgressParser twoGroups = new ProgressParser(Pattern.compile("(\\d+)% done: (.*)"), 512);

    assertEquals(
        Optional.of(progress(75, "copying files")),
        twoGroups.parse("75% done:    copying files   "));
  }

  @Test
  public void anOptionalMessageGroupThatDidNotMatchGivesAnEmptyMessage() {
    ProgressParser optional = new ProgressParser(Pattern.compile("(\\d+)%(?: (.*))?"), 512);

    assertEquals(Optional.of(progress(75, "")), optional.parse("75%"));
  }

  @Test
  public void aRegexWithoutGroupsNeverReportsProgress() {
    ProgressParser noGroup = new ProgressParser(Pattern.compile("progress"), 512);

    assertEquals(Optional.empty(), noGroup.parse("progress: 50 x"));
  }

  @Test
  public void aMessageAtTheCapIsKeptWhole() {
    ProgressParser capped = capped(64);
    String exactly64 = "m".repeat(64);

    assertEquals(exactly64, capped.parse("progress: 10 " + exactly64).orElseThrow().message());
  }

  @Test
  public void aMessageOneOverTheCapIsCutToTheCapEndingInDots() {
    ProgressParser capped = capped(64);
    String message = "0123456789".repeat(6) + "abcde"; // 65 characters

    String cut = capped.parse("progress: 10 " + message).orElseThrow().message();

    assertEquals(64, cut.length());
    assertEquals(message.substring(0, 61) + "...", cut);
  }

  @Test
  public void aVeryLongMessageIsCutToTheCap() {
    String cut = parse("progress: 10 " + "x".repeat(10_000)).orElseThrow().message();

    assertEquals("x".repeat(509) + "...", cut);
  }

  @Test
  public void trailingSpacesDoNotCountTowardsTheCap() {
    ProgressParser capped = capped(64);
    String exactly64 = "m".repeat(64);

    assertEquals(
        exactly64,
        capped.parse("progress: 10 " + exactly64 + " ".repeat(100)).orElseThrow().message());
  }

  @Test
  public void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
    ProgressParser capped = capped(64);
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
    // The emoji straddles the cut (units 60 and 61 of 64 - 3): it is dropped whole.
    String straddling = "a".repeat(60) + emoji + "bbbbb";
    // The emoji ends right at the cut: it is kept whole.
    String fitting = "a".repeat(59) + emoji + "bbbbb";

    String cut1 = capped.parse("progress: 10 " + straddling).orElseThrow().message();
    String cut2 = capped.parse("progress: 10 " + fitting).orElseThrow().message();

    assertEquals("a".repeat(60) + "...", cut1);
    assertEquals("a".repeat(59) + emoji + "...", cut2);
    assertWellFormed(cut1);
    assertWellFormed(cut2);
  }

  @Test
  public void replacementCharactersFromBadUtf8AreKeptInTheMessage() {
    assertEquals(Optional.of(progress(30, "caf\uFFFD")), parse("progress: 30 caf\uFFFD"));
  }

  private static void assertWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertTrue(
            "high surrogate at " + i + " is followed by its low half: " + s,
            i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
        i++;
      } else {
        assertFalse("lone low surrogate at " + i + ": " + s, Character.isLowSurrogate(c));
      }
    }
    assertEquals(
        "round-trips through UTF-8",
        s,
        new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }
}
