package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.json.Json;

/** The local mode's stdout: one JSON object per line (DESIGN §3). */
public class JsonLinesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JsonLines lines =
      new JsonLines(new PrintStream(bytes, false, StandardCharsets.UTF_8));

  private List<String> printed() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private String onlyLine() {
    List<String> printed = printed();
    assertEquals(1, printed.size());
    return printed.get(0);
  }

  private static TaskStatus.Builder status(String taskId, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state);
  }

  @Test
  public void registeredLineStartsWithTheEventAndCarriesTheFields() {
    JsonObject fields = new JsonObject();
    fields.addProperty("sandbox", "/tmp/sandbox-1");
    fields.addProperty("executor_id", "local-executor");

    lines.registered(fields);

    assertEquals(
        "{\"event\":\"registered\",\"sandbox\":\"/tmp/sandbox-1\","
            + "\"executor_id\":\"local-executor\"}",
        onlyLine());
  }

  @Test
  public void statusLineUsesProtoFieldNames() {
    lines.status(
        status("t1", TaskState.TASK_FAILED)
            .setMessage("Command exited with status 3")
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
            .build());

    String line = onlyLine();
    assertThat(line, containsString("\"task_id\":{\"value\":\"t1\"}"));
    assertThat(line, containsString("\"state\":\"TASK_FAILED\""));
    assertThat(line, containsString("\"source\":\"SOURCE_EXECUTOR\""));
    assertThat(line, containsString("\"message\":\"Command exited with status 3\""));
    assertThat(line, not(containsString("taskId")));
  }

  @Test
  public void statusLineIsExactForASimpleStatus() {
    lines.status(status("t1", TaskState.TASK_RUNNING).build());

    assertEquals(
        "{\"event\":\"status\",\"status\":"
            + "{\"task_id\":{\"value\":\"t1\"},\"state\":\"TASK_RUNNING\"}}",
        onlyLine());
  }

  @Test
  public void statusLineIsOneParsableJsonObject() {
    lines.status(
        status("t1", TaskState.TASK_FINISHED)
            .setData(ByteString.copyFromUtf8("{\"exit_code\":0,\"signal\":null}"))
            .setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED)
            .setHealthy(true)
            .build());

    JsonObject line = Json.parse(onlyLine()).getAsJsonObject();
    assertEquals("status", line.get("event").getAsString());
    JsonObject printed = line.getAsJsonObject("status");
    assertEquals("t1", printed.getAsJsonObject("task_id").get("value").getAsString());
    assertEquals("REASON_COMMAND_EXECUTOR_FAILED", printed.get("reason").getAsString());
    assertEquals(true, printed.get("healthy").getAsBoolean());
  }

  @Test
  public void messageThatIsJsonIsEmbeddedAsJson() {
    lines.message(
        "{\"type\": \"directory\", \"task-id\": \"t1\"}".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        "{\"event\":\"message\",\"message\":{\"type\":\"directory\",\"task-id\":\"t1\"}}",
        onlyLine());
  }

  @Test
  public void messageThatIsAJsonScalarIsEmbeddedAsIs() {
    lines.message("42".getBytes(StandardCharsets.UTF_8));
    lines.message("\"hi\"".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        List.of(
            "{\"event\":\"message\",\"message\":42}", "{\"event\":\"message\",\"message\":\"hi\"}"),
        printed());
  }

  @Test
  public void messageThatIsPlainTextBecomesBase64() {
    lines.message("hello".getBytes(StandardCharsets.UTF_8));

    assertEquals("{\"event\":\"message\",\"message\":{\"base64\":\"aGVsbG8=\"}}", onlyLine());
  }

  @Test
  public void messageThatIsLenientJsonBecomesBase64() {
    lines.message("{'a': 1}".getBytes(StandardCharsets.UTF_8));

    assertEquals("{\"event\":\"message\",\"message\":{\"base64\":\"eydhJzogMX0=\"}}", onlyLine());
  }

  @Test
  public void messageThatIsInvalidUtf8BecomesBase64() {
    lines.message(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x01});

    assertEquals("{\"event\":\"message\",\"message\":{\"base64\":\"//4B\"}}", onlyLine());
  }

  @Test
  public void emptyMessageBecomesEmptyBase64() {
    lines.message(new byte[0]);

    assertEquals("{\"event\":\"message\",\"message\":{\"base64\":\"\"}}", onlyLine());
  }

  @Test
  public void exitLineIsExact() {
    lines.exit(143);

    assertEquals(
        "{\"event\":\"exit\",\"code\":143}" + System.lineSeparator(),
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void eachEventIsOneLineInOrder() {
    lines.status(status("t1", TaskState.TASK_STARTING).build());
    lines.message("{}".getBytes(StandardCharsets.UTF_8));
    lines.exit(0);

    List<String> printed = printed();
    assertEquals(3, printed.size());
    assertThat(printed.get(0), containsString("\"TASK_STARTING\""));
    assertEquals("{\"event\":\"message\",\"message\":{}}", printed.get(1));
    assertEquals("{\"event\":\"exit\",\"code\":0}", printed.get(2));
  }

  @Test
  public void eventsAreFlushedAtOnce() {
    lines.exit(1);

    // The PrintStream has no autoflush; the line must already be in the underlying stream.
    assertEquals("{\"event\":\"exit\",\"code\":1}", onlyLine());
  }
}
