package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** What a before-start hook adds to its task's environment: the lines it prints. */
public class HookVariablesTest {
  // ---- Hooks.variables: a before-start hook's standard output -------------------------------

  @Test
  public void variablesAreTheKeyValueLinesInOrder() {
    Map<String, String> env =
        HookVariables.parse(
            "before-start/10-env", "A=1\nB=two words\nC=x=y\nEMPTY=\n_lower_9=ok\n");

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("A", "1");
    expected.put("B", "two words");
    expected.put("C", "x=y");
    expected.put("EMPTY", "");
    expected.put("_lower_9", "ok");
    assertEquals(expected, env);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(env.keySet()));
  }

  @Test
  public void blankAndCommentLinesAreSkipped() {
    Map<String, String> env =
        HookVariables.parse("before-start/10-env", "\n# a comment\n   \n\t\nA=1\n#B=2\n\r\n");

    assertEquals(Map.of("A", "1"), env);
  }

  @Test
  public void carriageReturnsAtLineEndsAreNotPartOfTheValue() {
    Map<String, String> env = HookVariables.parse("before-start/10-env", "A=1\r\nB=2\r\n");

    assertEquals(Map.of("A", "1", "B", "2"), env);
  }

  @Test
  public void aVariablePrintedTwiceHasItsLastValue() {
    assertEquals(Map.of("A", "2"), HookVariables.parse("before-start/10-env", "A=1\nA=2\n"));
  }

  @Test
  public void noOutputAddsNoVariables() {
    assertEquals(Map.of(), HookVariables.parse("before-start/10-env", ""));
    assertEquals(Map.of(), HookVariables.parse("before-start/10-env", "\n\n"));
  }

  @Test
  public void aLineThatIsNotKeyValueFailsTheHookQuotingTheLine() {
    HookFailure failure =
        assertThrows(
            HookFailure.class,
            () -> HookVariables.parse("before-start/10-env", "A=1\nhello world\nB=2\n"));

    assertThat(failure.getMessage(), containsString("Hook before-start/10-env"));
    assertThat(failure.getMessage(), containsString("not KEY=VALUE"));
    assertThat(failure.getMessage(), containsString("'hello world'"));
    assertThat(failure.getMessage(), containsString("log to standard error"));
  }

  @Test
  public void aLineWhoseNameIsNotAVariableNameFailsTheHook() {
    for (String line :
        List.of("=value", "1A=x", "MY-VAR=x", "export A=1", " A=1", "A B=c", "no equals sign")) {
      HookFailure failure =
          assertThrows(
              line,
              HookFailure.class,
              () -> HookVariables.parse("before-start/10-env", line + "\n"));
      assertThat(line, failure.getMessage(), containsString("'" + line + "'"));
    }
  }

  @Test
  public void aLongBadLineIsCutInTheMessage() {
    String line = "x".repeat(300);

    HookFailure failure =
        assertThrows(HookFailure.class, () -> HookVariables.parse("before-start/10-env", line));

    assertThat(failure.getMessage(), containsString("'" + "x".repeat(200) + "...'"));
    assertThat(failure.getMessage(), not(containsString("x".repeat(201))));
  }
}
