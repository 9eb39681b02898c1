package org.mesosexec.client;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;

/** The executor's framework messages (README "Framework messages") as a scheduler decodes them. */
public class ExecutorMessageTest {
  private static Optional<ExecutorMessage> parse(String text) {
    return ExecutorMessage.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void theDirectoryMessageGivesTheTasksSandbox() {
    assertEquals(
        Optional.of(new ExecutorMessage.Directory("t1", "/var/lib/mesos/sandbox/tasks/t1")),
        parse(
            "{\"type\":\"directory\",\"task-id\":\"t1\","
                + "\"sandbox-directory\":\"/var/lib/mesos/sandbox/tasks/t1\"}"));
  }

  @Test
  public void progressCarriesItsSequencePercentAndMessage() {
    assertEquals(
        Optional.of(new ExecutorMessage.Progress("t1", 7, 42, "epoch 2 of 5 \u00e9")),
        parse(
            "{\"task-id\":\"t1\",\"progress-sequence\":7,\"progress-percent\":42,"
                + "\"progress-message\":\"epoch 2 of 5 \\u00e9\"}"));
  }

  @Test
  public void theExitCodeMessageGivesTheExitCode() {
    assertEquals(
        Optional.of(new ExecutorMessage.ExitCode("t1", 137)),
        parse("{\"task-id\":\"t1\",\"exit-code\":137}"));
  }

  @Test
  public void whatIsNotOneOfTheExecutorsMessagesIsEmpty() {
    assertEquals(Optional.empty(), parse("not json"));
    assertEquals(Optional.empty(), parse("[1,2]"));
    assertEquals(Optional.empty(), parse("{\"task-id\":\"t1\",\"exit-code\":1.5}"));
    assertEquals(Optional.empty(), parse("{\"task-id\":\"t1\",\"something\":\"new\"}"));
    assertEquals(Optional.empty(), parse("{\"exit-code\":1}"));
    assertEquals(Optional.empty(), parse("[".repeat(100_000)));
    assertEquals(
        Optional.empty(), ExecutorMessage.parse(new byte[] {(byte) 0xff, (byte) 0xfe, '{'}));
  }
}
