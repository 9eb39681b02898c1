package org.mesosexec.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** One variable looked up: its value or default, and a failure that names the variable. */
public class EnvReaderTest {
  private final EnvReader reader = new EnvReader(Map.of("SET", "42", "BAD", "x"));

  @Test
  public void setVariableIsParsedAndUnsetOneTakesItsDefault() {
    assertEquals(Integer.valueOf(42), reader.get("SET", "7", Integer::valueOf));
    assertEquals(Integer.valueOf(7), reader.get("UNSET", "7", Integer::valueOf));
  }

  @Test
  public void failureNamesTheVariable() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> reader.get("BAD", "1", Integer::valueOf));
    assertEquals("Setting BAD: For input string: \"x\"", e.getMessage());
  }

  @Test
  public void optionalVariableIsEmptyWhenUnset() {
    assertEquals(Optional.empty(), reader.optional("UNSET", Integer::valueOf));
    assertEquals(Optional.of(42), reader.optional("SET", Integer::valueOf));
  }
}
