package org.mesosexec.progress;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;

/** The literal a progress regex requires of every match, taken only where it really must be. */
public class RequiredLiteralTest {
  private static final byte[] LITERAL = "progress:".getBytes(StandardCharsets.US_ASCII);

  @Test
  public void theDefaultRegexNeedsProgressColon() {
    assertArrayEquals(
        LITERAL,
        RequiredLiteral.of(Pattern.compile(org.mesosexec.settings.Settings.DEFAULT_PROGRESS_REGEX))
            .orElseThrow());
  }

  @Test
  public void literalsAreTakenOnlyWhereEveryMatchMustHoldThem() {
    assertEquals("done ", literal("^done (\\d+)%"));
    assertEquals("step", literal("stepx?(\\d+)"));
    assertEquals(Optional.empty(), RequiredLiteral.of(Pattern.compile("a|progress: (\\d+)")));
    assertEquals(Optional.empty(), RequiredLiteral.of(Pattern.compile("(?i)progress: (\\d+)")));
    assertEquals(
        Optional.empty(),
        RequiredLiteral.of(Pattern.compile("progress: (\\d+)", Pattern.CASE_INSENSITIVE)));
    assertEquals(Optional.empty(), RequiredLiteral.of(Pattern.compile("(\\d+)% done")));
    assertEquals(Optional.empty(), RequiredLiteral.of(Pattern.compile("ab(\\d+)")));
  }

  @Test
  public void literalsAreReadFromRe2SyntaxWithEscapedPunctuation() {
    // Cook executor's tests use this prefix: the carets are escaped, so all of it is literal.
    assertEquals("^^^^JOB-PROGRESS: ", literal("\\^\\^\\^\\^JOB-PROGRESS: (\\d*)(?: )?(.*)"));
    assertEquals("v1.2", literal("v1\\.2\\.?(\\d+)"));
    assertEquals("progress: ", literal("progress: (?P<pct>\\d+)"));
    assertEquals("progress", literal("progress(?i): (\\d+)"));
    assertNull(literal("\\Qprogress: \\E(\\d+)"));
    assertNull(literal("(?P<p>\\d+)% done"));
    assertNull(literal("\\d\\d\\d (\\d+)"));
  }

  private static Object literal(String regex) {
    return RequiredLiteral.of(Pattern.compile(regex))
        .map(b -> new String(b, StandardCharsets.US_ASCII))
        .orElse(null);
  }
}
