package org.mesosexec.progress;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.junit.Test;
import org.mesosexec.settings.Settings;

/**
 * Which progress regexes are accepted (RE2 syntax with a capture group) and how a refused one is
 * explained; that Cook's documented regexes still read Cook's lines; and that the regexes that make
 * a backtracking engine run for ever cost little here.
 */
public class ProgressRegexTest {
  private static final String FORTY_AS = "a".repeat(40) + "!";

  private static Optional<Progress> parse(String regex, String line) {
    return new ProgressParser(ProgressRegex.compile(regex), 512).parse(line);
  }

  private static String refusal(String regex) {
    return assertThrows(IllegalArgumentException.class, () -> ProgressRegex.compile(regex))
        .getMessage();
  }

  @Test
  public void cooksDefaultRegexReadsPercentAndMessage() {
    assertEquals(
        Optional.of(new Progress(43, "loading shard 17")),
        parse(Settings.DEFAULT_PROGRESS_REGEX, "progress: 42.5 loading shard 17"));
    assertEquals(
        Optional.of(new Progress(7, "")), parse(Settings.DEFAULT_PROGRESS_REGEX, "progress: 7"));
    assertEquals(Optional.empty(), parse(Settings.DEFAULT_PROGRESS_REGEX, "progress: 7x"));
  }

  @Test
  public void cooksOtherDocumentedRegexesStillWork() {
    // Cook executor README's example configuration.
    assertEquals(
        Optional.of(new Progress(25, "quarter done")),
        parse("progress: ([0-9]*\\.?[0-9]+), (.*)", "progress: 25, quarter done"));
    // The scheduler's earlier default, with a non-capturing group.
    assertEquals(
        Optional.of(new Progress(60, "nearly")),
        parse("progress: (\\d*)(?: )?(.*)", "progress: 60 nearly"));
    // The Cook executor's own tests: a prefix of escaped carets.
    assertEquals(
        Optional.of(new Progress(90, "done soon")),
        parse(
            "\\^\\^\\^\\^JOB-PROGRESS: ([0-9]*\\.?[0-9]+)(?: )?(.*)",
            "^^^^JOB-PROGRESS: 90 done soon"));
    assertEquals(
        Optional.of(new Progress(12, "step")),
        parse(
            "\\^\\^\\^\\^JOB-PROGRESS:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)",
            "^^^^JOB-PROGRESS: 12 step"));
    assertEquals(
        Optional.of(new Progress(3, "x")),
        parse("\\^\\^\\^\\^JOB-PROGRESS: (\\d*)(?: )?(.*)", "^^^^JOB-PROGRESS: 3 x"));
  }

  @Test
  public void re2SyntaxBeyondJavasIsAccepted() {
    assertEquals(
        Optional.of(new Progress(5, "go")), parse("(?P<pct>[0-9]+)% (?P<msg>.*)", "5% go"));
    assertEquals(Optional.of(new Progress(5, "")), parse("(?i)PROGRESS=(\\d+)", "progress=5"));
    assertEquals(Optional.of(new Progress(5, "")), parse("\\Q[x]\\E (\\d+)", "[x] 5"));
    assertEquals(Optional.of(new Progress(5, "")), parse("(\\d+)[[:space:]]*%", "5 %"));
  }

  @Test
  public void aRegexEndingInDollarStillMatchesALineWithACrlfEnding() {
    assertEquals(Optional.of(new Progress(50, "")), parse("^done (\\d+)$", "done 50\r"));
  }

  @Test
  public void theBacktrackingRegexOfTheReportIsRefusedAsABackreference() {
    String why = refusal("((a+)\\2?)+$");

    assertThat(why, containsString("uses a backreference ('\\2')"));
    assertThat(why, containsString("RE2 syntax"));
  }

  @Test
  public void eachConstructRe2LacksIsNamed() {
    assertThat(refusal("progress: (?=\\d)(\\d+)"), containsString("a lookahead ('(?=')"));
    assertThat(refusal("progress: (?!x)(\\d+)"), containsString("a lookahead ('(?!')"));
    assertThat(refusal("(?<=progress: )(\\d+)"), containsString("a lookbehind ('(?<=')"));
    assertThat(refusal("(?<!no )progress: (\\d+)"), containsString("a lookbehind ('(?<!')"));
    assertThat(refusal("(?>a+)(\\d+)"), containsString("an atomic group ('(?>')"));
    assertThat(refusal("progress: (\\d++)"), containsString("a possessive quantifier ('++')"));
    assertThat(refusal("progress: (\\d*+)"), containsString("a possessive quantifier ('*+')"));
    assertThat(refusal("(?<n>\\d+) \\k<n>"), containsString("a backreference ('\\k')"));
    assertThat(refusal("progress: (\\d+)\\Z"), containsString("the escape ('\\Z')"));
    assertThat(
        refusal("([a-z&&[^q]]+) (\\d+)"),
        containsString("a character class intersection ('[a-z&&')"));
  }

  @Test
  public void otherSyntaxErrorsSayWhereTheRegexIsWrong() {
    assertThat(
        refusal("progress: ("),
        containsString(
            "is not a valid regular expression: missing closing ) at 'progress: (' (RE2 syntax)"));
  }

  @Test
  public void aRegexWithNoCaptureGroupIsRefused() {
    assertThat(
        refusal("progress: [0-9]+"),
        containsString("has no capture group: group 1 must" + " capture the percent"));
    assertThat(refusal("progress: (?:[0-9]+)"), containsString("has no capture group"));
  }

  @Test
  public void aRegexWithOneGroupIsEnoughAndGroupsAfterTheSecondAreIgnored() {
    assertEquals(Optional.of(new Progress(8, "")), parse("progress: (\\d+)", "progress: 8 x"));
    assertEquals(
        Optional.of(new Progress(8, "msg")),
        parse("progress: (\\d+) (\\w+) (\\w+)", "progress: 8 msg more"));
  }

  @Test
  public void aRegexTooLongOrExpandingTooMuchIsRefusedBeforeItIsBuilt() {
    assertThat(
        refusal("(a)" + "b".repeat(ProgressRegex.MAX_LENGTH)),
        containsString("is 1003 characters long; at most 1000 are allowed"));
    // RE2/J would build a billion steps for this one and run the heap out.
    assertThat(refusal("(((a{1000}){1000}){1000})"), containsString("repeats too much"));
    assertThat(refusal("((a{20}){25})"), containsString("repeats too much"));
    // These overflow a worker's 512 KB stack in RE2/J, when it compiles and when it matches.
    assertThat(refusal("(.{0,1000})(x)"), containsString("repeats too much"));
    assertThat(refusal("(.?){1000}(x)"), containsString("repeats too much"));
    ProgressRegex.compile("(a{100}) (b{100}) (\\d+){8}");
  }

  @Test
  public void theSizeEstimateMultipliesNestedCountsAndAddsTheRest() {
    assertEquals(1000, RegexShape.estimatedSize("a{1000}"));
    assertTrue(RegexShape.estimatedSize("(a{100}){100}") >= 10_000);
    assertTrue(RegexShape.estimatedSize("a{0,100}") >= 200); // a range nests its copies
    assertTrue(RegexShape.estimatedSize("a{1000}b{1000}") < 2_100);
    // Braces that are no repetition: escapes, classes, quoted text, a literal brace.
    assertTrue(RegexShape.estimatedSize("\\x{1000}\\p{Greek}[{1000}]\\Q{1000}\\E a{,5}") < 40);
  }

  @Test
  public void theHeaviestAcceptedRegexesCompileAndMatchOnAWorkersStackInLittleTime()
      throws Exception {
    String longLine = "a".repeat(4096) + "!";
    String[] heavy = {
      "(.?){120}(x)",
      "(.{0,240})(x)",
      "(.*){120}(x)",
      "(a|b|.){70}(x)",
      "(".repeat(240) + "x" + ")".repeat(240)
    };
    Throwable[] failure = new Throwable[1];
    long[] took = new long[heavy.length];
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                for (int i = 0; i < heavy.length; i++) {
                  ProgressParser parser = new ProgressParser(ProgressRegex.compile(heavy[i]), 512);
                  long start = System.nanoTime();
                  parser.parse(longLine);
                  took[i] = (System.nanoTime() - start) / 1_000_000;
                }
              } catch (RuntimeException | StackOverflowError e) {
                failure[0] = e;
              }
            },
            "512k-worker",
            512 * 1024); // run-executor.sh's -Xss512k
    worker.start();
    worker.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
    for (int i = 0; i < heavy.length; i++) {
      assertTrue(heavy[i] + " took " + took[i] + " ms", took[i] < 2_000);
    }
  }

  @Test
  public void regexesThatBacktrackForEverElsewhereTakeMillisecondsOnALongLine() {
    String longLine = "a".repeat(4096) + "!";
    for (String regex : new String[] {"(a+)+$", "((a+)+)+$", "(a|aa)+$", "(.*a){20}$"}) {
      ProgressParser parser = new ProgressParser(ProgressRegex.compile(regex), 512);
      long start = System.nanoTime();
      assertEquals(regex, Optional.empty(), parser.parse(FORTY_AS));
      assertEquals(regex, Optional.empty(), parser.parse(longLine));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(regex + " took " + ms + " ms", ms < 2_000);
    }
  }
}
