package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Each setting's text turned into its value, or into a message for a person. */
public class SettingParsersTest {
  @Test
  public void wholeNumbersAreCheckedAgainstTheirBounds() {
    assertEquals(64, SettingParsers.atLeast(" 64 ", 64));
    assertEquals(
        "63 is below the minimum of 64",
        assertThrows(IllegalArgumentException.class, () -> SettingParsers.atLeast("63", 64))
            .getMessage());
    assertEquals(
        "'x' is not a whole number",
        assertThrows(IllegalArgumentException.class, () -> SettingParsers.atLeast("x", 1))
            .getMessage());
    assertEquals(
        "9 is above the maximum of 8",
        assertThrows(IllegalArgumentException.class, () -> SettingParsers.atMost(9, 8))
            .getMessage());
  }

  @Test
  public void levelsAreUpperCasedAndNamesListed() {
    assertEquals("DEBUG", SettingParsers.level(" debug"));
    assertEquals(List.of("A", "B"), SettingParsers.names(" A,,B ,"));
    assertEquals(Optional.empty(), SettingParsers.variableName(""));
    assertThrows(IllegalArgumentException.class, () -> SettingParsers.variableName("1X"));
  }

  @Test
  public void pathsMustStayInTheTaskDirectory() {
    assertEquals("logs/progress", SettingParsers.relativePath("logs/progress"));
    assertThrows(IllegalArgumentException.class, () -> SettingParsers.relativePath("/etc"));
    assertThrows(IllegalArgumentException.class, () -> SettingParsers.relativePath("a/../b"));
  }

  @Test
  public void hookTimeoutMustBeLongerThanZero() {
    assertEquals(Duration.ofSeconds(3), SettingParsers.positive("3secs"));
    assertThrows(IllegalArgumentException.class, () -> SettingParsers.positive("0secs"));
  }
}
