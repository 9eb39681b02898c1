package org.mesosexec.local;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.After;
import org.junit.Test;

/** The local driver's callback thread. */
public class LocalCallbacksTest {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch aborted = new CountDownLatch(1);
  private final LocalCallbacks callbacks =
      new LocalCallbacks(
          running::get,
          () -> {
            running.set(false);
            aborted.countDown();
          });
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @After
  public void tearDown() {
    callbacks.stop();
  }

  @Test
  public void callbacksRunOneAtATimeInOrderOnTheCallbackThread() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    callbacks.now("first", () -> calls.add("first " + Thread.currentThread().getName()));
    callbacks.now("second", () -> calls.add("second"));
    // Its timer queues it behind both: callbacks run in the order they are queued.
    callbacks.later(
        Duration.ofMillis(20),
        "third",
        () -> {
          calls.add("third");
          done.countDown();
        });

    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("first local-driver-callback-1", "second", "third"), calls);
  }

  @Test
  public void aCallbackThatThrowsAbortsAndNoLaterCallbackRuns() throws Exception {
    CountDownLatch looked = new CountDownLatch(2); // each callback asks once whether to run
    LocalCallbacks checked =
        new LocalCallbacks(
            () -> {
              looked.countDown();
              return running.get();
            },
            () -> {
              running.set(false);
              aborted.countDown();
            });
    try {
      checked.now(
          "bad",
          () -> {
            throw new IllegalStateException("boom");
          });
      checked.now("after", () -> calls.add("after"));

      assertTrue(aborted.await(10, TimeUnit.SECONDS));
      assertTrue(looked.await(10, TimeUnit.SECONDS));
      assertEquals(List.of(), calls);
    } finally {
      checked.stop();
    }
  }
}
