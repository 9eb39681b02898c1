package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.composite.CompositeConfiguration;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.Until;

public class EventShipperTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final List<AutoCloseable> closing = new ArrayList<>();

  @After
  public void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static EventTask task(String id) {
    return new EventTask(
        id,
        EventFormat.JSON,
        List.of("password"),
        Map.of("task_id", id, "labels", Map.of("team", "search")));
  }

  /** A task's events, to {@code file}; null: the task has none. */
  private TaskOutputEvents events(String id, EventShipper shipper, Path file, int rate) {
    return new TaskOutputEvents(
        task(id),
        file == null
            ? Optional.empty()
            : TaskOutputEvents.openFile(id, tmp.getRoot().toPath(), file),
        rate,
        shipper,
        System::nanoTime,
        Clock.systemUTC());
  }

  /** A shipper to {@code logger} with room for {@code buffer} events of any size. */
  private EventShipper shipper(int buffer, Logger logger) {
    EventShipper shipper = new EventShipper(buffer, Long.MAX_VALUE, () -> logger);
    closing.add(shipper);
    return shipper;
  }

  /** The executor's conf/log4j2.properties, then the shipped Logstash one, on a port of ours. */
  private Logger logstashLogger(int port) throws Exception {
    return logstashLogger("127.0.0.1", Integer.toString(port));
  }

  /** The same, shipping to {@code host} and {@code port} as the settings would name them. */
  private Logger logstashLogger(String host, String port) throws Exception {
    System.setProperty("executor.events.host", host);
    System.setProperty("executor.events.port", port);
    LoggerContext lc = new LoggerContext("events-test-" + host + "-" + port);
    List<AbstractConfiguration> configs = new ArrayList<>();
    for (String name : List.of("conf/log4j2.properties", "conf/log4j2-logstash.properties")) {
      configs.add(
          (AbstractConfiguration)
              ConfigurationFactory.getInstance()
                  .getConfiguration(lc, name, Path.of(name).toAbsolutePath().toUri()));
    }
    lc.start(new CompositeConfiguration(configs));
    closing.add(lc::stop);
    return lc.getLogger(EventShipper.LOGGER);
  }

  @Test
  public void theDefaultConfigurationWritesEachTasksEventsToItsOwnFileAsJsonLines()
      throws Exception {
    EventShipper shipper = new EventShipper(100);
    closing.add(shipper);
    Path a = tmp.getRoot().toPath().resolve("a.json");
    Path b = tmp.getRoot().toPath().resolve("b.json");
    TaskOutputEvents first = events("a", shipper, a, 100);
    TaskOutputEvents second = events("b", shipper, b, 100);
    first.line("stdout", "{\"level\":\"info\",\"password\":\"x\",\"n\":2}", 0);
    second.line("stderr", "plain words", 0);
    Until.holds(() -> first.counts().eventsSent() == 1 && second.counts().eventsSent() == 1);
    Until.holds(() -> Files.exists(a) && Files.exists(b));
    JsonObject ea = JsonParser.parseString(Files.readString(a).strip()).getAsJsonObject();
    assertEquals("info", ea.get("level").getAsString());
    assertEquals(2, ea.get("n").getAsInt());
    assertTrue(!ea.has("password"));
    assertEquals("a", ea.get("task_id").getAsString());
    assertEquals("search", ea.getAsJsonObject("labels").get("team").getAsString());
    assertEquals("stdout", ea.get("stream").getAsString());
    assertEquals(1, ea.get("sequence").getAsInt());
    JsonObject eb = JsonParser.parseString(Files.readString(b).strip()).getAsJsonObject();
    assertEquals("plain words", eb.get("message").getAsString());
    assertEquals("stderr", eb.get("stream").getAsString());
  }

  @Test
  public void aLogstashListenerOnLoopbackReceivesOneJsonObjectALine() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Logger logger = logstashLogger(server.getLocalPort());
      EventShipper shipper = shipper(100, logger);
      TaskOutputEvents task = events("t", shipper, tmp.getRoot().toPath().resolve("x"), 100);
      task.line("stdout", "{\"msg\":\"hi\"}", 0);
      task.line("stdout", "second", 0);
      try (Socket s = server.accept();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
        JsonObject one = JsonParser.parseString(in.readLine()).getAsJsonObject();
        JsonObject two = JsonParser.parseString(in.readLine()).getAsJsonObject();
        assertEquals("1", one.get("@version").getAsString());
        assertTrue(one.has("@timestamp"));
        assertEquals("hi", one.get("msg").getAsString());
        assertEquals("t", one.get("task_id").getAsString());
        assertEquals("second", two.get("message").getAsString());
        assertEquals(2, two.get("sequence").getAsInt());
      }
      Until.holds(() -> task.counts().eventsSent() == 2);
    }
  }

  @Test
  public void aDestinationThatNeverReadsBlocksNoTaskAndItsDropsAreCounted() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Logger logger = logstashLogger(server.getLocalPort());
      EventShipper shipper = shipper(16, logger);
      TaskOutputEvents chatty =
          events("chatty", shipper, tmp.getRoot().toPath().resolve("c"), 1_000_000);
      TaskOutputEvents quiet = events("quiet", shipper, tmp.getRoot().toPath().resolve("q"), 100);
      try (Socket s = server.accept()) { // accepted, never read
        String big = "x".repeat(64 * 1024);
        long start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) { // 128 MB: more than any socket buffers hold
          chatty.line("stdout", big, 0);
        }
        quiet.line("stdout", "still here", 0);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("lines took " + tookMillis + " ms", tookMillis < 10_000);
        assertEquals(2_000, chatty.counts().linesRead());
        assertTrue(chatty.counts().toString(), chatty.counts().dropped() > 1_000);
        assertEquals(1, quiet.counts().linesRead());
        assertTrue(s.isConnected());
      }
    }
  }

  @Test
  public void eventsOverTheRateLimitAreDroppedAndCounted() {
    EventShipper shipper = new EventShipper(1000);
    closing.add(shipper);
    long[] now = {0};
    TaskOutputEvents task =
        new TaskOutputEvents(
            task("r"),
            TaskOutputEvents.openFile(
                "r", tmp.getRoot().toPath(), tmp.getRoot().toPath().resolve("r")),
            5,
            shipper,
            () -> now[0],
            Clock.systemUTC());
    for (int i = 0; i < 8; i++) {
      task.line("stdout", "line", 0);
    }
    now[0] += 1_000_000_000L;
    task.line("stdout", "line", 0);
    assertEquals(9, task.counts().linesRead());
    assertEquals(3, task.counts().dropped());
  }

  @Test
  public void aHostThatDoesNotResolveIsNotFatalAndItsEventsAreCountedAsFailed() throws Exception {
    Logger logger = logstashLogger("no-such-host.invalid", "5000");
    EventShipper shipper = shipper(100, logger);
    TaskOutputEvents task = events("u", shipper, tmp.getRoot().toPath().resolve("u"), 100);
    task.line("stdout", "lost", 0);
    Until.holds(() -> task.counts().dropped() == 1);
    assertEquals(0, task.counts().eventsSent());
  }

  @Test
  public void tasksGetTheirOwnEventsFilesWithTheDefaultConfigurationOnlyNotWithLogstash()
      throws Exception {
    EventShipper files = new EventShipper(100);
    closing.add(files);
    assertTrue(files.toFiles());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EventShipper logstash = shipper(100, logstashLogger(server.getLocalPort()));
      assertFalse(logstash.toFiles());
      TaskOutputEvents task = events("nofile", logstash, null, 100);
      task.line("stdout", "sent without a file", 0);
      try (Socket s = server.accept();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
        assertTrue(in.readLine().contains("sent without a file"));
      }
      Until.holds(() -> task.counts().eventsSent() == 1);
    }
  }
}
