package org.mesosexec.health;

import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** HTTP checks against a real server on loopback. */
public class HttpProberTest {
  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private final HttpProber prober = new HttpProber(workers);
  private HttpServer server;

  @Before
  public void setUp() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/down",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
  }

  @After
  public void tearDown() {
    server.stop(0);
    workers.shutdownNow();
  }

  @Test
  public void aSuccessCodePasses() throws Exception {
    Outcome outcome = get("/ok");

    assertTrue(outcome.passed());
    assertEquals("HTTP GET http://127.0.0.1:" + port() + "/ok returned 204", outcome.detail());
    assertEquals(204, outcome.status().getHttp().getStatusCode());
  }

  @Test
  public void anErrorCodeFails() throws Exception {
    Outcome outcome = get("/down");

    assertFalse(outcome.passed());
    assertEquals("HTTP GET http://127.0.0.1:" + port() + "/down returned 503", outcome.detail());
    assertEquals(503, outcome.status().getHttp().getStatusCode());
  }

  @Test
  public void noServerIsNoAnswer() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    Outcome outcome =
        prober
            .start(new Probe.Http("http", closed, "/", false), Optional.empty())
            .result()
            .get(10, TimeUnit.SECONDS);

    assertFalse(outcome.passed());
    assertThat(outcome.detail(), startsWith("HTTP GET http://127.0.0.1:" + closed + "/ failed: "));
    assertFalse(outcome.status().getHttp().hasStatusCode());
  }

  @Test
  public void theConnectionHeaderIsAllowedOnceAndForAll() {
    HttpProber.allowConnectionHeader();
    HttpProber.allowConnectionHeader();

    assertEquals(
        1, System.getProperty(HttpProber.RESTRICTED_HEADERS).split("connection", -1).length - 1);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private Outcome get(String path) throws Exception {
    return prober
        .start(new Probe.Http("http", port(), path, false), Optional.empty())
        .result()
        .get(10, TimeUnit.SECONDS);
  }
}
