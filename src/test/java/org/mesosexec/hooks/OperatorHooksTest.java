package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.testing.HookFiles;

/** Running the hooks of a point one after the other, and what a hook that cannot run does. */
public class OperatorHooksTest extends HookFixture {
  @Test
  public void aBeforeStartHookThatCannotGetAThreadFailsTheStart() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-env", "echo A=1");
    HookPool closed = new HookPool(1);
    closed.close();
    Hooks hooks = open(new OperatorHooks(Optional.of(hooksDir), List.of(), LONG, ctx, closed));

    assertThat(
        failure(hooks.beforeStart(meta())).getMessage(),
        containsString("Hook before-start/10-env could not run: the executor is stopping"));
  }

  @Test
  public void aJavaHookThatCannotGetAThreadFailsTheStart() throws Exception {
    HookPool closed = new HookPool(1);
    closed.close();
    Hooks hooks =
        open(
            new OperatorHooks(Optional.empty(), List.of(new Named("quota") {}), LONG, ctx, closed));

    assertEquals(
        "Hook quota (before-start) could not run: the executor is stopping",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aBeforeTerminateHookThatCannotGetAThreadIsIgnored() throws Exception {
    HookFiles.script(hooksDir, "before-terminate", "10-deregister", "exit 0");
    HookPool closed = new HookPool(1);
    closed.close();
    Hooks hooks =
        open(
            new OperatorHooks(
                Optional.of(hooksDir), List.of(new Named("dns") {}), LONG, ctx, closed));

    assertNull(await(hooks.beforeTerminate(meta().withPid(77), LONG)));
  }

  @Test
  public void variablesOfLaterHooksWin() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-a", "echo A=1\necho B=1");
    Hooks hooks =
        open(
            new OperatorHooks(
                Optional.of(hooksDir),
                List.of(
                    new Named("b") {
                      @Override
                      public Map<String, String> beforeStart(TaskMetadata task) {
                        return Map.of("B", "2");
                      }
                    }),
                LONG,
                ctx));

    assertEquals(Map.of("A", "1", "B", "2"), await(hooks.beforeStart(meta())));
  }
}
