package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EventMakerTest {
  private static final Instant TIME = Instant.parse("2026-12-01T00:00:00.123Z");

  private static Map<String, Object> metadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", "t1");
    m.put("task_name", "web");
    m.put("executor_id", "e1");
    m.put("framework_id", "f1");
    m.put("agent_id", "a1");
    m.put("host", "h1");
    m.put("labels", Map.of("team", "search"));
    return m;
  }

  private static void assertEnriched(Map<String, Object> event, String stream, long sequence) {
    assertEquals("t1", event.get("task_id"));
    assertEquals("web", event.get("task_name"));
    assertEquals("e1", event.get("executor_id"));
    assertEquals("f1", event.get("framework_id"));
    assertEquals("a1", event.get("agent_id"));
    assertEquals("h1", event.get("host"));
    assertEquals(Map.of("team", "search"), event.get("labels"));
    assertEquals(stream, event.get("stream"));
    assertEquals(sequence, event.get("sequence"));
    assertEquals("2026-12-01T00:00:00.123Z", event.get("@timestamp"));
  }

  @Test
  public void aJsonObjectLineKeepsItsFieldsWithTheirTypes() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of(), metadata());
    Map<String, Object> e =
        maker.event(
            "stdout",
            "{\"level\":\"warn\",\"n\":3,\"x\":1.5,\"ok\":true,\"tags\":[\"a\"]}",
            0,
            1,
            TIME);
    assertEquals("warn", e.get("level"));
    assertEquals(3L, e.get("n"));
    assertEquals(new java.math.BigDecimal("1.5"), e.get("x"));
    assertEquals(true, e.get("ok"));
    assertEquals(List.of("a"), e.get("tags"));
    assertFalse(e.containsKey("message"));
    assertEnriched(e, "stdout", 1);
  }

  @Test
  public void aPlainLineIsTheMessageAndTheEventCarriesTheSequenceOfItsLine() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of(), metadata());
    maker.event("stdout", "first", 0, 1, TIME);
    Map<String, Object> e = maker.event("stderr", "Something failed: {oops}", 0, 2, TIME);
    assertEquals("Something failed: {oops}", e.get("message"));
    assertEnriched(e, "stderr", 2);
  }

  @Test
  public void aJsonLineThatIsNotAnObjectIsAMessage() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of(), metadata());
    assertEquals("[1,2]", maker.event("stdout", "[1,2]", 0, 1, TIME).get("message"));
    assertEquals("{\"a\":", maker.event("stdout", "{\"a\":", 0, 1, TIME).get("message"));
  }

  @Test
  public void logfmtLinesKeepTheirPairsWhenLogfmtIsTheFormat() {
    EventMaker maker = new EventMaker(EventFormat.LOGFMT, List.of(), metadata());
    Map<String, Object> e =
        maker.event("stdout", "level=info msg=\"took 3 s\" path=/a\\b cached", 0, 1, TIME);
    assertEquals("info", e.get("level"));
    assertEquals("took 3 s", e.get("msg"));
    assertEquals("/a\\b", e.get("path"));
    assertEquals(true, e.get("cached"));
    assertEnriched(e, "stdout", 1);
  }

  @Test
  public void withLogfmtPlainTextAndJsonAreMessages() {
    EventMaker maker = new EventMaker(EventFormat.LOGFMT, List.of(), metadata());
    assertEquals("hello world", maker.event("stdout", "hello world", 0, 1, TIME).get("message"));
    assertEquals("{\"a\":1}", maker.event("stdout", "{\"a\":1}", 0, 1, TIME).get("message"));
    assertEquals("a=\"open", maker.event("stdout", "a=\"open", 0, 1, TIME).get("message"));
  }

  @Test
  public void droppedKeysAreRemovedFromTheLinesFieldsButTheTasksOwnFieldsStay() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of("secret", "task_id"), metadata());
    Map<String, Object> e =
        maker.event("stdout", "{\"secret\":\"x\",\"keep\":1,\"task_id\":\"forged\"}", 0, 1, TIME);
    assertFalse(e.containsKey("secret"));
    assertEquals(1L, e.get("keep"));
    assertEnriched(e, "stdout", 1);
  }

  @Test
  public void aLineCannotOverrideTheTasksMetadata() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of(), metadata());
    Map<String, Object> e =
        maker.event(
            "stdout", "{\"task_id\":\"other\",\"sequence\":99,\"stream\":\"x\"}", 0, 1, TIME);
    assertEnriched(e, "stdout", 1);
  }

  @Test
  public void aPieceOfALongLineIsAMessageMarkedWithItsPart() {
    EventMaker maker = new EventMaker(EventFormat.JSON, List.of(), metadata());
    Map<String, Object> e = maker.event("stdout", "{\"a\":1}", 2, 1, TIME);
    assertEquals("{\"a\":1}", e.get("message"));
    assertEquals(2, e.get("part"));
    assertFalse(maker.event("stdout", "x", 0, 1, TIME).containsKey("part"));
  }
}
