package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;

/** Reading one variable from a process's environment as {@code /proc/PID/environ} holds it. */
public class EnvironTest {
  private static final String NAME = ProcessTracker.MARKER_VARIABLE;

  private static Environ.Variable read(String environ) {
    return Environ.variable(environ.getBytes(StandardCharsets.UTF_8), NAME);
  }

  @Test
  public void aVariableIsFoundWhereverItStandsAndKeepsItsEqualsSignsAndUtf8() {
    assertEquals(Optional.of("tok-1"), read(NAME + "=tok-1\0PATH=/bin\0").value());
    assertEquals(Optional.of("a=b é"), read("PATH=/bin\0" + NAME + "=a=b é\0").value());
    assertEquals(Optional.of("last"), read("PATH=/bin\0" + NAME + "=last").value());
    assertEquals(Optional.of(""), read("PATH=/bin\0" + NAME + "=\0").value());
  }

  @Test
  public void aNameThatOnlyEndsOrStartsLikeTheVariableIsAnotherVariable() {
    Environ.Variable v = read("X" + NAME + "=forged\0" + NAME + "_2=other\0PATH=/bin\0");

    assertEquals(new Environ.Variable(true, Optional.empty()), v);
  }

  @Test
  public void anEnvironmentWithoutAnyVariableIsNotKnownYet() {
    assertEquals(Environ.Variable.UNKNOWN, read(""));
    assertEquals(Environ.Variable.UNKNOWN, read("\0\0"));
  }
}
