package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ByteSizesTest {
  @Test
  public void readsMesosUnitsAsPowersOf1024() {
    assertEquals(4096, ByteSizes.parse("4096B"));
    assertEquals(512 * 1024, ByteSizes.parse("512KB"));
    assertEquals(10L * 1024 * 1024, ByteSizes.parse("10MB"));
    assertEquals(2L << 30, ByteSizes.parse("2GB"));
    assertEquals(1L << 40, ByteSizes.parse(" 1TB "));
  }

  @Test
  public void refusesWhatIsNotANumberAndAUnit() {
    for (String bad : new String[] {"", "10", "MB", "1.5MB", "-1MB", "10 MB", "10mb", "10MiB"}) {
      IllegalArgumentException e =
          assertThrows(bad, IllegalArgumentException.class, () -> ByteSizes.parse(bad));
      assertTrue(e.getMessage(), e.getMessage().contains("not a byte size"));
    }
  }

  @Test
  public void refusesSizesThatOverflow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("9999999999999TB"));
    assertTrue(e.getMessage(), e.getMessage().contains("too large"));
    assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("99999999999999999999B"));
  }

  @Test
  public void betweenNamesBothBounds() {
    assertEquals(1 << 20, ByteSizes.between("1MB", 1024, 1L << 30));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.between("0B", 1024, 1L << 30));
    assertEquals("'0B' is out of range; it must be between 1KB and 1GB", e.getMessage());
  }

  @Test
  public void humanPicksTheLargestExactUnit() {
    assertEquals("512KB", ByteSizes.human(512 * 1024));
    assertEquals("10MB", ByteSizes.human(10L << 20));
    assertEquals("1025B", ByteSizes.human(1025));
    assertEquals("0B", ByteSizes.human(0));
  }
}
