package org.mesosexec.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mesosexec.ExecutorParts;

/**
 * {@link ExecutorParts.Orphans} that only record what they were asked ("reap", "kill adopted"), and
 * can be told to fail as a broken {@code /proc} would.
 */
public final class FakeOrphans implements ExecutorParts.Orphans {
  private final boolean subreaper;
  private final List<String> calls;
  private volatile boolean failing;
  private volatile Duration killBound;

  /**
   * @param calls where each call is recorded, shared with other fakes of a test if need be
   */
  public FakeOrphans(boolean subreaper, List<String> calls) {
    this.subreaper = subreaper;
    this.calls = calls;
  }

  public FakeOrphans(boolean subreaper) {
    this(subreaper, new CopyOnWriteArrayList<>());
  }

  /** Makes every later call throw (after it was recorded), or stop throwing. */
  public void failing(boolean fail) {
    failing = fail;
  }

  /** The calls so far, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The bound of the last {@link #killAdopted}, if there was one. */
  public Duration killBound() {
    return killBound;
  }

  @Override
  public boolean subreaper() {
    return subreaper;
  }

  @Override
  public void reapOrphans() {
    record("reap");
  }

  @Override
  public void killAdopted(Duration bound) {
    killBound = bound;
    record("kill adopted");
  }

  private void record(String call) {
    calls.add(call);
    if (failing) {
      throw new IllegalStateException("/proc is not readable");
    }
  }
}
