package org.mesosexec.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.health.Prober.Attempt;
import org.mesosexec.time.Backoff;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Runs TCP checks: a non-blocking connect to the task on loopback, polled on the executor's timer
 * with a doubling delay, so no thread waits for it. Thread-safe.
 */
final class TcpProber {
  private static final Duration FIRST_POLL = Duration.ofMillis(1);
  private static final Duration MAX_POLL = Duration.ofMillis(100);

  private final Scheduler scheduler;

  TcpProber(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler);
  }

  Attempt start(Probe.Tcp probe) {
    String where = Probe.host(probe.ipv6()) + ":" + probe.port();
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
    } catch (IOException e) {
      return Attempt.done(Outcome.noAnswer(probe, "TCP connection to " + where + " failed: " + e));
    }
    Connect connect = new Connect(probe, where, channel);
    connect.begin();
    return new Attempt(connect.result, connect::close);
  }

  /** One non-blocking connect, polled until it completes or is aborted. */
  private final class Connect {
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private final Probe.Tcp probe;
    private final String where;
    private final SocketChannel channel;
    private final Backoff delays = new Backoff(FIRST_POLL, MAX_POLL);
    private Cancellable timer = () -> {};

    Connect(Probe.Tcp probe, String where, SocketChannel channel) {
      this.probe = probe;
      this.where = where;
      this.channel = channel;
    }

    void begin() {
      try {
        InetAddress address = InetAddress.getByName(probe.ipv6() ? "::1" : "127.0.0.1");
        if (channel.connect(new InetSocketAddress(address, probe.port()))) {
          connected();
        } else {
          poll();
        }
      } catch (IOException e) {
        refused(e);
      }
    }

    private synchronized void poll() {
      if (!result.isDone()) {
        timer = scheduler.schedule(delays.next(), this::look);
      }
    }

    private void look() {
      try {
        if (channel.finishConnect()) {
          connected();
        } else {
          poll();
        }
      } catch (IOException e) {
        refused(e);
      }
    }

    private void connected() {
      closeChannel();
      result.complete(new Outcome(true, "TCP connection to " + where + " succeeded", status(true)));
    }

    private void refused(IOException e) {
      closeChannel();
      if (!result.isDone()) {
        result.complete(
            new Outcome(
                false,
                "TCP connection to " + where + " failed: " + ProbeErrors.why(e),
                status(false)));
      }
    }

    synchronized void close() {
      timer.cancel();
      closeChannel();
    }

    private void closeChannel() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do: the check is over either way
      }
    }
  }

  private static CheckStatusInfo status(boolean succeeded) {
    return CheckStatusInfo.newBuilder()
        .setType(CheckInfo.Type.TCP)
        .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(succeeded))
        .build();
  }
}
