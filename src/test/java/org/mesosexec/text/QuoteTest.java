package org.mesosexec.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class QuoteTest {
  @Test
  public void shortTextIsQuotedWhole() {
    String text = "x".repeat(Quote.MAX_CHARS);

    assertSame(text, Quote.cut(text));
  }

  @Test
  public void longTextIsCutAndSaysHowLongItWas() {
    String cut = Quote.cut("y".repeat(1024 * 1024));

    assertEquals("y".repeat(Quote.MAX_CHARS) + "... (1048576 characters)", cut);
  }

  @Test
  public void aCharacterOutsideTheBasicPlaneIsNeverSplit() {
    String text = "a".repeat(Quote.MAX_CHARS - 1) + "\uD83D\uDE00" + "b".repeat(10);

    String cut = Quote.cut(text);

    assertTrue(cut, cut.startsWith("a".repeat(Quote.MAX_CHARS - 1) + "..."));
  }
}
