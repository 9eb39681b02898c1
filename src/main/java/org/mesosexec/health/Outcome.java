package org.mesosexec.health;

import java.time.Duration;
import java.util.Objects;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.settings.Durations;

/**
 * The result of one attempt.
 *
 * @param passed whether a health check counts it as a success
 * @param detail what happened, for people ("HTTP GET http://127.0.0.1:8080/ returned 503")
 * @param status the result as a check reports it; its kind's message is empty when the attempt gave
 *     no result (timed out, could not run)
 */
public record Outcome(boolean passed, String detail, CheckStatusInfo status) {
  public Outcome {
    Objects.requireNonNull(detail);
    Objects.requireNonNull(status);
  }

  /** A status of {@code probe}'s kind with no result in it: "not known yet" or "no answer". */
  public static CheckStatusInfo noResult(Probe probe) {
    CheckStatusInfo.Builder b = CheckStatusInfo.newBuilder().setType(probe.type());
    switch (probe.type()) {
      case COMMAND -> b.setCommand(CheckStatusInfo.Command.getDefaultInstance());
      case HTTP -> b.setHttp(CheckStatusInfo.Http.getDefaultInstance());
      case TCP -> b.setTcp(CheckStatusInfo.Tcp.getDefaultInstance());
      default -> throw new IllegalArgumentException("no check type " + probe.type());
    }
    return b.build();
  }

  /** An attempt that gave no result: a failure to a health check, an empty status to a check. */
  public static Outcome noAnswer(Probe probe, String detail) {
    return new Outcome(false, detail, noResult(probe));
  }

  /**
   * An attempt that did not end within {@code timeout} and was aborted: a command is killed with
   * its processes, a connection closed.
   */
  public static Outcome timedOut(Probe probe, Duration timeout) {
    boolean command = probe instanceof Probe.Command;
    return noAnswer(
        probe,
        (command ? "command" : probe.type() + " check")
            + " did not return within "
            + Durations.human(timeout)
            + (command ? "; it was killed with its processes" : "; aborted"));
  }
}
