package org.mesosexec.health;

import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.mesosexec.time.SystemScheduler;

/** TCP checks against a real socket on loopback. */
public class TcpProberTest {
  private final SystemScheduler scheduler = new SystemScheduler();
  private final TcpProber prober = new TcpProber(scheduler);

  @After
  public void tearDown() {
    scheduler.close();
  }

  @Test
  public void aListeningPortPasses() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Outcome outcome =
          prober
              .start(new Probe.Tcp(server.getLocalPort(), false))
              .result()
              .get(10, TimeUnit.SECONDS);

      assertTrue(outcome.passed());
      assertEquals(
          "TCP connection to 127.0.0.1:" + server.getLocalPort() + " succeeded", outcome.detail());
      assertTrue(outcome.status().getTcp().getSucceeded());
    }
  }

  @Test
  public void aClosedPortFailsAsRefused() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = server.getLocalPort();
    }

    Outcome outcome = prober.start(new Probe.Tcp(port, false)).result().get(10, TimeUnit.SECONDS);

    assertFalse(outcome.passed());
    assertThat(outcome.detail(), startsWith("TCP connection to 127.0.0.1:" + port + " failed: "));
    assertFalse(outcome.status().getTcp().getSucceeded());
  }
}
