package org.mesosexec.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.health.Outcome;
import org.mesosexec.health.Probe;
import org.mesosexec.health.Prober;

/**
 * A {@link Prober} whose attempts end when the test says: {@link #pass}, {@link #fail}, or never
 * (then the checker's timeout aborts them).
 */
public final class FakeProber implements Prober {
  /** One started attempt. */
  public static final class Started {
    public final Probe probe;
    public final Target target;
    public final Optional<Duration> timeout;
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    volatile boolean aborted;

    Started(Probe probe, Target target, Optional<Duration> timeout) {
      this.probe = probe;
      this.target = target;
      this.timeout = timeout;
    }

    public boolean aborted() {
      return aborted;
    }
  }

  private final List<Started> started = new ArrayList<>();

  @Override
  public synchronized Attempt start(Probe probe, Target target, Optional<Duration> timeout) {
    Started s = new Started(probe, target, timeout);
    started.add(s);
    return new Attempt(s.result, () -> s.aborted = true);
  }

  /** Every attempt started so far, oldest first. */
  public synchronized List<Started> started() {
    return List.copyOf(started);
  }

  /** The newest attempt that has not ended. */
  public synchronized Started pending() {
    for (int i = started.size() - 1; i >= 0; i--) {
      if (!started.get(i).result.isDone() && !started.get(i).aborted) {
        return started.get(i);
      }
    }
    throw new AssertionError("no check attempt is running; started: " + started.size());
  }

  /** Ends the running attempt as a pass, with a result of its kind (exit 0, 200, connected). */
  public void pass(String detail) {
    Started s = pending();
    s.result.complete(new Outcome(true, detail, status(s.probe, true)));
  }

  /** Ends the running attempt as a failure (exit 1, 503, refused). */
  public void fail(String detail) {
    Started s = pending();
    s.result.complete(new Outcome(false, detail, status(s.probe, false)));
  }

  private static CheckStatusInfo status(Probe probe, boolean ok) {
    CheckStatusInfo.Builder b = CheckStatusInfo.newBuilder().setType(probe.type());
    if (probe.type() == CheckInfo.Type.COMMAND) {
      b.getCommandBuilder().setExitCode(ok ? 0 : 1);
    } else if (probe.type() == CheckInfo.Type.HTTP) {
      b.getHttpBuilder().setStatusCode(ok ? 200 : 503);
    } else {
      b.getTcpBuilder().setSucceeded(ok);
    }
    return b.build();
  }
}
