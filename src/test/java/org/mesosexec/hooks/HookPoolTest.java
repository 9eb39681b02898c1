package org.mesosexec.hooks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Test;

/** The bounded pool hooks run on, and what a refused hook says. */
public class HookPoolTest {
  private final HookPool pool = new HookPool(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @After
  public void tearDown() {
    release.countDown();
    pool.close();
  }

  @Test
  public void hooksRunOnNamedThreads() throws Exception {
    AtomicReference<String> name = new AtomicReference<>();
    pool.submit("before-start/10-a", () -> name.set(Thread.currentThread().getName())).get();

    assertTrue(name.get(), name.get().startsWith("hook-"));
  }

  @Test
  public void aHookRefusedBecauseEveryThreadIsBusyFailsWithAReason() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    pool.submit(
        "before-start/10-a",
        () -> {
          started.countDown();
          awaitRelease();
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));

    HookFailure failure =
        assertThrows(HookFailure.class, () -> pool.submit("before-start/20-b", () -> {}));

    assertEquals(
        "Hook before-start/20-b could not run: all 1 hook threads are busy", failure.getMessage());
  }

  @Test
  public void aHookRefusedAfterCloseFailsWithAReason() {
    pool.close();

    HookFailure failure =
        assertThrows(HookFailure.class, () -> pool.submit("before-terminate/10-a", () -> {}));

    assertEquals(
        "Hook before-terminate/10-a could not run: the executor is stopping", failure.getMessage());
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
