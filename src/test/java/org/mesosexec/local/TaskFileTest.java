package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskInfo;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.json.Json;

/** The local mode's TASKFILE (DESIGN §3), as a user writes it by hand. */
public class TaskFileTest {
  private static final SlaveID AGENT = SlaveID.newBuilder().setValue("local-agent").build();

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path file(String json) throws IOException {
    File f = tmp.newFile("tasks.json");
    Files.writeString(f.toPath(), json, StandardCharsets.UTF_8);
    return f.toPath();
  }

  private List<TaskInfo> read(String json) throws IOException {
    return TaskFile.read(file(json), AGENT);
  }

  private String rejection(String json) throws IOException {
    Path p = file(json);
    return assertThrows(IllegalArgumentException.class, () -> TaskFile.read(p, AGENT)).getMessage();
  }

  @Test
  public void readsASingleTask() throws IOException {
    List<TaskInfo> tasks =
        read(
            "{\"name\": \"hello\", \"task_id\": {\"value\": \"t1\"}, \"data\": {\"command\": \"echo"
                + " hi\"}}");

    assertEquals(1, tasks.size());
    TaskInfo task = tasks.get(0);
    assertEquals("hello", task.getName());
    assertEquals("t1", task.getTaskId().getValue());
  }

  @Test
  public void readsAnArrayOfTasksInOrder() throws IOException {
    List<TaskInfo> tasks =
        read(
            "[{\"task_id\": {\"value\": \"a\"}, \"data\": {\"command\": \"true\"}},"
                + " {\"task_id\": {\"value\": \"b\"}, \"data\": {\"command\": \"false\"}}]");

    assertEquals(2, tasks.size());
    assertEquals("a", tasks.get(0).getTaskId().getValue());
    assertEquals("b", tasks.get(1).getTaskId().getValue());
  }

  @Test
  public void embeddedDataObjectBecomesItsUtf8JsonBytes() throws IOException {
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"t1\"}, \"data\": {\"command\": \"echo h\u00e9llo\","
                + " \"env\": {\"A\": \"1\"}}}")
            .get(0);

    String data = task.getData().toString(StandardCharsets.UTF_8);
    assertEquals(
        Json.parse("{\"command\": \"echo h\u00e9llo\", \"env\": {\"A\": \"1\"}}"),
        Json.parse(data));
    assertThat(data, containsString("h\u00e9llo"));
  }

  @Test
  public void embeddedDataArrayBecomesItsJsonBytes() throws IOException {
    TaskInfo task = read("{\"task_id\": {\"value\": \"t1\"}, \"data\": [\"echo\", \"hi\"]}").get(0);

    assertEquals("[\"echo\",\"hi\"]", task.getData().toString(StandardCharsets.UTF_8));
  }

  @Test
  public void base64DataIsDecoded() throws IOException {
    // base64 of {"command":"echo hi"}
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"t1\"}, \"data\": \"eyJjb21tYW5kIjoiZWNobyBoaSJ9\"}")
            .get(0);

    assertEquals("{\"command\":\"echo hi\"}", task.getData().toString(StandardCharsets.UTF_8));
  }

  @Test
  public void rejectsDataStringThatIsNotBase64NamingTheField() throws IOException {
    // Today: "TASKFILE ...: task 1 of 1: not a valid TaskInfo:
    // com.google.common.io.BaseEncoding$DecodingException: Unrecognized character:  "
    String message = rejection("{\"task_id\": {\"value\": \"t1\"}, \"data\": \"echo hi\"}");

    assertThat(message, containsString("task 1 of 1"));
    assertThat(message, containsString("data"));
    assertThat(message, containsString("base64"));
    assertThat(message, not(containsString("com.google")));
  }

  @Test
  public void missingSlaveIdIsFilledWithTheAgent() throws IOException {
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"t1\"}, \"data\": {\"command\": \"true\"}}").get(0);

    assertEquals(AGENT, task.getSlaveId());
  }

  @Test
  public void givenSlaveIdIsKept() throws IOException {
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"t1\"}, \"slave_id\": {\"value\": \"S9\"},"
                + " \"data\": {\"command\": \"true\"}}")
            .get(0);

    assertEquals("S9", task.getSlaveId().getValue());
  }

  @Test
  public void missingNameDefaultsToTheTaskId() throws IOException {
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"train-7\"}, \"data\": {\"command\": \"true\"}}").get(0);

    assertEquals("train-7", task.getName());
  }

  @Test
  public void protoFieldNamesAreAccepted() throws IOException {
    TaskInfo task =
        read("{\"task_id\": {\"value\": \"t1\"}, \"command\": {\"value\": \"sleep 1\"},"
                + " \"kill_policy\": {\"grace_period\": {\"nanoseconds\": 3000000000}},"
                + " \"max_completion_time\": {\"nanoseconds\": \"60000000000\"}}")
            .get(0);

    assertEquals("sleep 1", task.getCommand().getValue());
    assertEquals(3_000_000_000L, task.getKillPolicy().getGracePeriod().getNanoseconds());
    assertEquals(60_000_000_000L, task.getMaxCompletionTime().getNanoseconds());
  }

  @Test
  public void lowerCamelFieldNamesAreAccepted() throws IOException {
    TaskInfo task =
        read("{\"taskId\": {\"value\": \"t1\"}, \"slaveId\": {\"value\": \"S1\"},"
                + " \"killPolicy\": {\"gracePeriod\": {\"nanoseconds\": 2000000000}},"
                + " \"command\": {\"value\": \"true\"}}")
            .get(0);

    assertEquals("t1", task.getTaskId().getValue());
    assertEquals("S1", task.getSlaveId().getValue());
    assertEquals(2_000_000_000L, task.getKillPolicy().getGracePeriod().getNanoseconds());
  }

  @Test
  public void rejectsMissingFileNamingIt() {
    Path missing = tmp.getRoot().toPath().resolve("nope.json");

    String message =
        assertThrows(IllegalArgumentException.class, () -> TaskFile.read(missing, AGENT))
            .getMessage();

    assertEquals("TASKFILE " + missing + " does not exist", message);
  }

  @Test
  public void rejectsMalformedJsonSayingSo() throws IOException {
    String message = rejection("{\"task_id\": {\"value\": \"t1\"},}");

    assertThat(message, containsString("TASKFILE "));
    assertThat(message, containsString("tasks.json is not valid JSON: "));
  }

  @Test
  public void rejectsJsonWithCommentsAsNotValid() throws IOException {
    assertThat(
        rejection("// my tasks\n{\"task_id\": {\"value\": \"t1\"}}"),
        containsString("is not valid JSON"));
  }

  @Test
  public void rejectsEmptyFileAsNotValidJson() throws IOException {
    assertThat(rejection(""), containsString("is not valid JSON"));
  }

  @Test
  public void rejectsUnknownFieldNamingIt() throws IOException {
    String message = rejection("{\"task_id\": {\"value\": \"t1\"}, \"colour\": \"blue\"}");

    assertThat(message, containsString("tasks.json: task 1 of 1: not a valid TaskInfo"));
    assertThat(message, containsString("colour"));
  }

  @Test
  public void rejectsUnknownNestedFieldNamingIt() throws IOException {
    String message =
        rejection("{\"task_id\": {\"value\": \"t1\"}, \"kill_policy\": {\"grace\": 3}}");

    assertThat(message, containsString("task 1 of 1"));
    assertThat(message, containsString("grace"));
  }

  @Test
  public void rejectsEmptyArray() throws IOException {
    String message = rejection("[]");

    assertThat(message, containsString("TASKFILE "));
    assertThat(message, containsString("tasks.json holds no task"));
  }

  @Test
  public void rejectsTaskWithoutTaskIdNamingItsPosition() throws IOException {
    String message =
        rejection(
            "[{\"task_id\": {\"value\": \"a\"}, \"data\": {\"command\": \"true\"}},"
                + " {\"name\": \"b\", \"data\": {\"command\": \"true\"}}]");

    assertThat(message, containsString("tasks.json: task 2 of 2: task_id is missing"));
  }

  @Test
  public void rejectsTaskWithEmptyTaskId() throws IOException {
    assertThat(
        rejection("{\"task_id\": {\"value\": \"\"}, \"data\": {\"command\": \"true\"}}"),
        containsString("task 1 of 1: task_id is missing"));
  }

  @Test
  public void rejectsElementThatIsNotAnObjectNamingItsPosition() throws IOException {
    String message =
        rejection("[{\"task_id\": {\"value\": \"a\"}}, {\"task_id\": {\"value\": \"b\"}}, \"c\"]");

    assertThat(message, containsString("tasks.json: task 3 of 3: "));
    assertThat(message, containsString("expected a TaskInfo object, got a string"));
  }

  @Test
  public void rejectsTopLevelNumber() throws IOException {
    assertThat(
        rejection("42"), containsString("task 1 of 1: expected a TaskInfo object, got a number"));
  }

  @Test
  public void rejectsTaskIdGivenAsPlainString() throws IOException {
    String message = rejection("{\"task_id\": \"t1\"}");

    assertThat(message, containsString("task 1 of 1: not a valid TaskInfo"));
  }

  @Test
  public void aTaskFileNestedThousandsDeepIsRefusedWithoutRecursing() throws IOException {
    String message =
        rejection(
            "{\"task_id\": {\"value\": \"t\"}, \"data\": "
                + "[".repeat(5000)
                + "]".repeat(5000)
                + "}");

    assertThat(message, containsString("objects and arrays nest deeper than 64 levels"));
  }

  @Test
  public void aTaskFileLargerThanTheLimitIsRefusedBeforeItIsParsed() throws IOException {
    Path big = tmp.newFile("big.json").toPath();
    try (java.io.Writer w = Files.newBufferedWriter(big)) {
      w.write("{\"task_id\": {\"value\": \"t\"}, \"name\": \"");
      String chunk = "n".repeat(1 << 20);
      for (int i = 0; i <= TaskFile.MAX_BYTES >> 20; i++) {
        w.write(chunk);
      }
      w.write("\"}");
    }

    String message =
        assertThrows(IllegalArgumentException.class, () -> TaskFile.read(big, AGENT)).getMessage();

    assertEquals("TASKFILE " + big + " is larger than the limit of 33554432 bytes", message);
  }

  @Test
  public void dataThatIsNeitherObjectNorStringIsNamed() throws IOException {
    assertThat(
        rejection("{\"task_id\": {\"value\": \"t\"}, \"data\": 7}"),
        containsString(
            "\"data\" must be a JSON object (the task spec) or a base64 string, got a number"));
  }

  @Test
  public void anUnknownMegabyteFieldIsQuotedShort() throws IOException {
    String message =
        rejection("{\"task_id\": {\"value\": \"t\"}, \"" + "f".repeat(1 << 20) + "\": 1}");

    assertTrue(message, message.length() < 1000);
  }
}
