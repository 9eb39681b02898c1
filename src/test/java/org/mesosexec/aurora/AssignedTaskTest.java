package org.mesosexec.aurora;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.Thrift.field;
import static org.mesosexec.testing.Thrift.i32;
import static org.mesosexec.testing.Thrift.list;
import static org.mesosexec.testing.Thrift.map;
import static org.mesosexec.testing.Thrift.string;
import static org.mesosexec.testing.Thrift.struct;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.thrift.protocol.TType;
import org.junit.Test;
import org.mesosexec.aurora.AssignedTask.ExecutorConfig;
import org.mesosexec.aurora.AssignedTask.JobKey;
import org.mesosexec.testing.AuroraTasks;
import org.mesosexec.testing.Thrift;

/** Aurora's AssignedTask as libthrift writes it, read by the executor's own decoder. */
public class AssignedTaskTest {
  private static String refusal(byte[] data) {
    return assertThrows(AuroraDataException.class, () -> AssignedTask.read(data)).getMessage();
  }

  @Test
  public void readsEveryFieldItUsesAmongTheFieldsAuroraSends() {
    AssignedTask task = AssignedTask.read(AuroraTasks.task().bytes());

    assertEquals(Optional.of("www-data-prod-hello-0-7f3a"), task.taskId());
    assertEquals(Optional.of("agent-1.example.com"), task.slaveHost());
    assertEquals(Optional.of(new JobKey("www-data", "prod", "hello")), task.job());
    assertEquals(
        new ExecutorConfig("mesos-task-executor", "{\"command\": \"echo hello\"}"),
        task.executorConfig());
    assertEquals(List.of("http", "admin.port"), List.copyOf(task.ports().keySet()));
    assertEquals(Map.of("http", 31000, "admin.port", 31001), task.ports());
    assertEquals(OptionalInt.of(0), task.instanceId());
  }

  @Test
  public void fieldOrderDoesNotMatter() {
    assertEquals(
        AssignedTask.read(AuroraTasks.task().bytes()),
        AssignedTask.read(AuroraTasks.task().reversed().bytes()));
  }

  @Test
  public void theSkippedFieldsChangeNothing() {
    assertEquals(
        AssignedTask.read(AuroraTasks.task().withoutSkippedFields().bytes()),
        AssignedTask.read(AuroraTasks.task().bytes()));
  }

  @Test
  public void unknownFieldsOfEveryShapeAreSkipped() {
    AuroraTasks withUnknown =
        AuroraTasks.task()
            .extra(7, map(TType.STRING, TType.LIST, string("k"), list(TType.STRING, string("v"))))
            .extra(200, struct(field(1, struct(field(1, struct(field(9, Thrift.dbl(1.5))))))))
            .extra(-3, Thrift.set(TType.I32, i32(1), i32(2)))
            .extraInTask(1, Thrift.union(2, Thrift.i64(5)))
            .extraInTask(31, Thrift.bool(true));

    assertEquals(
        AssignedTask.read(AuroraTasks.task().bytes()), AssignedTask.read(withUnknown.bytes()));
  }

  @Test
  public void unicodeAndEmptyStringsSurviveIntact() {
    AssignedTask task =
        AssignedTask.read(
            AuroraTasks.task()
                .data("{\"command\": \"echo grüße ☃ 𝄞\"}")
                .ports(Map.of("", 1))
                .taskId("")
                .bytes());

    assertEquals("{\"command\": \"echo grüße ☃ 𝄞\"}", task.executorConfig().data());
    assertEquals(Map.of("", 1), task.ports());
    assertEquals(Optional.of(""), task.taskId());
  }

  @Test
  public void optionalFieldsMayBeMissing() {
    AssignedTask task =
        AssignedTask.read(
            AuroraTasks.task()
                .withoutJob()
                .instance(null)
                .ports(new LinkedHashMap<>())
                .withoutSkippedFields()
                .bytes());

    assertEquals(Optional.empty(), task.job());
    assertEquals(OptionalInt.empty(), task.instanceId());
    assertEquals(Map.of(), task.ports());
  }

  @Test
  public void refusesAnAssignedTaskWithoutTask() {
    assertThat(
        refusal(AuroraTasks.task().withoutTask().bytes()),
        containsString("the AssignedTask has no task (field 4, a TaskConfig)"));
  }

  @Test
  public void refusesATaskWithoutExecutorConfig() {
    assertThat(
        refusal(AuroraTasks.task().withoutExecutorConfig().bytes()),
        containsString("has no executorConfig (TaskConfig field 25)"));
  }

  @Test
  public void refusesAKnownFieldIdOfAnotherType() {
    byte[] data = Thrift.bytes(List.of(field(5, list(TType.STRING, string("http")))));

    assertThat(
        refusal(data),
        containsString(
            "AssignedTask.assignedPorts (field 5) is a LIST; Aurora's api.thrift has a MAP there"));
  }

  @Test
  public void refusesAnInstanceIdThatIsAString() {
    assertThat(
        refusal(AuroraTasks.task().extra(6, string("0")).bytes()),
        containsString("AssignedTask.instanceId (field 6) is a STRING"));
  }

  @Test
  public void refusesPortsThatAreNotStringToI32() {
    byte[] data =
        Thrift.bytes(List.of(field(5, map(TType.STRING, TType.STRING, string("a"), string("1")))));

    assertThat(
        refusal(data),
        containsString(
            "AssignedTask.assignedPorts is a map<STRING, STRING>; api.thrift has map<STRING, I32>"));
  }

  @Test
  public void refusesTruncatedData() {
    byte[] whole = AuroraTasks.task().bytes();

    String message = refusal(Arrays.copyOf(whole, whole.length - 1));

    assertThat(message, containsString("the data ends inside"));
    assertThat(message, containsString("(at byte " + (whole.length - 1) + " of "));
  }

  @Test
  public void refusesBytesAfterTheStruct() {
    byte[] whole = AuroraTasks.task().bytes();

    assertThat(
        refusal(Arrays.copyOf(whole, whole.length + 3)),
        containsString("3 bytes follow the end of the AssignedTask"));
  }

  @Test
  public void refusesAStringThatIsNotUtf8() {
    byte[] data = Thrift.bytes(List.of(field(1, string("x"))));
    data[data.length - 2] = (byte) 0xC3; // the 'x': a lead byte with no continuation

    assertThat(refusal(data), containsString("AssignedTask.taskId (field 1) is not UTF-8 text"));
  }

  @Test
  public void recognisesThriftButNotJsonTextOrJavaSerialization() {
    assertTrue(AssignedTask.recognises(AuroraTasks.task().bytes()));
    assertTrue("an empty struct", AssignedTask.recognises(new byte[] {0}));
    assertTrue("truncated, still meant as one", AssignedTask.recognises(new byte[] {11, 0}));
    assertFalse(AssignedTask.recognises(utf8("{\"command\": \"ls\"}")));
    assertFalse("JSON after white space", AssignedTask.recognises(utf8("\n\r\t [1]")));
    assertFalse("text without NUL", AssignedTask.recognises(utf8("hello")));
    assertFalse("a type code but no NUL", AssignedTask.recognises(utf8("\nhello")));
    assertFalse("white space only", AssignedTask.recognises(utf8("\n")));
    assertFalse(
        "Java serialization", AssignedTask.recognises(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}));
    assertFalse(AssignedTask.recognises(new byte[0]));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
