package org.mesosexec.hooks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The empty set of hooks. */
public class NoHooksTest extends HookFixture {
  @Test
  public void noHooksCompleteEveryPointAtOnce() throws Exception {
    Hooks none = Hooks.none();

    assertTrue(none.isEmpty());
    assertEquals(Map.of(), none.beforeStart(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.afterHealthy(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.beforeTerminate(meta(), LONG).get(0, TimeUnit.SECONDS));
    none.close();
  }
}
