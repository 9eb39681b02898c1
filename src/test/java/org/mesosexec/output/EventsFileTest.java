package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.testing.Until;

/**
 * A task's {@code events.json}, as the default configuration writes it: made by the executor, never
 * reached through a link the task puts in its place, and complete at the task's end.
 */
public class EventsFileTest {
  private static final String OUTSIDE = "the executor must never write here\n";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final EventShipper shipper = new EventShipper(1000);

  @After
  public void close() {
    shipper.close();
  }

  private Path sandbox() {
    return tmp.getRoot().toPath();
  }

  /** A file outside the task's directory that a task would like the executor to append to. */
  private Path outside() throws Exception {
    Path outside = tmp.newFile("outside").toPath();
    Files.writeString(outside, OUTSIDE);
    return outside;
  }

  private Path taskDir(String id) throws Exception {
    return Files.createDirectories(sandbox().resolve("tasks").resolve(id));
  }

  private TaskOutputEvents events(String id, Path file) {
    return new TaskOutputEvents(
        new EventTask(id, EventFormat.JSON, List.of(), Map.of("task_id", id)),
        TaskOutputEvents.openFile(id, sandbox(), file),
        1000,
        shipper,
        System::nanoTime,
        Clock.systemUTC());
  }

  private static List<String> messages(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(l -> JsonParser.parseString(l).getAsJsonObject().get("message").getAsString())
        .toList();
  }

  @Test
  public void aLinkInPlaceOfTheEventsFileIsReplacedNeverFollowed() throws Exception {
    Path outside = outside();
    Path file = taskDir("linked").resolve("events.json");
    Files.createSymbolicLink(file, outside);

    TaskOutputEvents task = events("linked", file);
    task.line("stdout", "one", 0);
    task.line("stdout", "two", 0);
    Until.holds(() -> task.counts().eventsSent() == 2);

    assertEquals(OUTSIDE, Files.readString(outside));
    assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("one", "two"), messages(file));
  }

  @Test
  public void aTaskThatSwapsItsEventsFileForALinkLeavesTheFileOutsideUntouched() throws Exception {
    Path outside = outside();
    Path dir = taskDir("swapper");
    Path file = dir.resolve("events.json");
    TaskOutputEvents task = events("swapper", file);
    Path kept =
        Files.createLink(dir.resolve("kept"), file); // the executor's file, whatever names it
    Files.delete(file);
    Files.createSymbolicLink(file, outside); // before the first event: nothing has opened it yet

    task.line("stdout", "one", 0);
    task.line("stdout", "two", 0);
    task.ended();
    Until.holds(() -> task.counts().eventsSent() + task.counts().dropped() == 2);

    assertEquals(OUTSIDE, Files.readString(outside));
    assertFalse(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    assertEquals(task.counts().toString(), 2, task.counts().eventsSent());
    assertEquals(List.of("one", "two"), messages(kept));
  }

  @Test
  public void theTasksEndIsLoggedOnceAllItsEventsAreInTheFile() throws Exception {
    String id = "ending-" + System.nanoTime();
    Path file = taskDir(id).resolve("events.json");
    TaskOutputEvents task = events(id, file);
    for (int i = 0; i < 500; i++) {
      task.line("stdout", "line " + i, 0);
    }
    task.ended();
    Path log = Path.of(System.getProperty("executor.sandbox", "."), "executor.log");
    String end = "Task " + id + " output events at its end: 500 lines read, 500 events sent,";
    Until.holds(() -> read(log).contains(end));

    List<String> written = messages(file);
    assertEquals(500, written.size());
    assertEquals("line 499", written.get(499));
    assertTrue(read(log), read(log).contains(end + " 0 dropped"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  public void aLineOfferedAfterTheShipperClosedIsCountedAsDropped() throws Exception {
    TaskOutputEvents task = events("late", taskDir("late").resolve("events.json"));
    task.line("stdout", "in time", 0);
    Until.holds(() -> task.counts().eventsSent() == 1);
    shipper.close();

    task.line("stdout", "too late", 0);

    EventCounts counts = task.counts();
    assertEquals(2, counts.linesRead());
    assertEquals(1, counts.eventsSent());
    assertEquals(counts.toString(), 1, counts.dropped());
    assertEquals(counts.toString(), 0, counts.waiting());
    assertTrue(counts.toString(), counts.toString().contains("1 with the executor stopping"));
  }

  @Test
  public void withoutADescriptorToHoldTheEventsFileIsRefusedNeverOpenedByName() throws Exception {
    Path outside = outside();
    Path dir = taskDir("unheld");
    Path file = dir.resolve("events.json");
    TaskOutputEvents task =
        new TaskOutputEvents(
            new EventTask("unheld", EventFormat.JSON, List.of(), Map.of("task_id", "unheld")),
            TaskOutputEvents.openFile("unheld", sandbox(), file, SandboxFiles.byName()),
            1000,
            shipper,
            System::nanoTime,
            Clock.systemUTC());
    Files.delete(file);
    Files.createSymbolicLink(file, outside);

    task.line("stdout", "one", 0);
    task.line("stdout", "two", 0);
    Until.holds(() -> task.counts().waiting() == 0);

    assertEquals(OUTSIDE, Files.readString(outside));
    assertEquals(task.counts().toString(), 0, task.counts().eventsSent());
    assertTrue(task.counts().toString(), task.counts().toString().contains("2 failed"));
  }

  @Test
  public void aDroppedLineLeavesAGapInTheSequence() throws Exception {
    long[] now = {0};
    Path file = taskDir("gaps").resolve("events.json");
    TaskOutputEvents task =
        new TaskOutputEvents(
            new EventTask("gaps", EventFormat.JSON, List.of(), Map.of("task_id", "gaps")),
            TaskOutputEvents.openFile("gaps", sandbox(), file),
            2,
            shipper,
            () -> now[0],
            Clock.systemUTC());
    for (int i = 1; i <= 4; i++) {
      task.line("stdout", "line " + i, 0); // the 3rd and 4th are over the rate
    }
    now[0] += 1_000_000_000L;
    task.line("stdout", "line 5", 0);
    Until.holds(() -> task.counts().eventsSent() == 3);

    List<Long> sequences =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(l -> JsonParser.parseString(l).getAsJsonObject().get("sequence").getAsLong())
            .toList();
    assertEquals(List.of(1L, 2L, 5L), sequences);
  }
}
