package org.mesosexec.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CheckInfo;
import org.junit.Test;

/** What an attempt that gave no answer says, in its status message and its check status. */
public class OutcomeTest {
  private static final Probe COMMAND =
      new Probe.Command(List.of("/bin/sh", "-c", "sleep 60"), Map.of(), Optional.empty());

  @Test
  public void aCommandThatTimedOutSaysItWasKilledWithItsProcesses() {
    Outcome o = Outcome.timedOut(COMMAND, Duration.ofMillis(500));

    assertFalse(o.passed());
    assertEquals(
        "command did not return within 500 ms; it was killed with its processes", o.detail());
    assertEquals(CheckInfo.Type.COMMAND, o.status().getType());
    assertTrue(o.status().hasCommand());
    assertFalse("no exit code: the command gave no result", o.status().getCommand().hasExitCode());
  }

  @Test
  public void aNetworkCheckThatTimedOutSaysItWasAbortedAndHasNoResult() {
    Outcome http =
        Outcome.timedOut(new Probe.Http("http", 8080, "/", false), Duration.ofSeconds(20));
    Outcome tcp = Outcome.timedOut(new Probe.Tcp(9, false), Duration.ofSeconds(1));

    assertEquals("HTTP check did not return within 20.0 s; aborted", http.detail());
    assertFalse(http.status().getHttp().hasStatusCode());
    assertEquals("TCP check did not return within 1000 ms; aborted", tcp.detail());
    assertFalse(tcp.status().getTcp().hasSucceeded());
    assertFalse(http.passed() || tcp.passed());
  }
}
