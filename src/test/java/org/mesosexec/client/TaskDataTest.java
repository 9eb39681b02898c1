package org.mesosexec.client;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.junit.Test;
import org.mesosexec.api.FunctionTask;
import org.mesosexec.api.Task;
import org.mesosexec.health.Probe;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.task.TaskSources;
import org.mesosexec.task.TaskSpec;
import org.mesosexec.task.Work;

/** What the builders of TaskInfo.data produce, read back by the executor's own parser. */
public class TaskDataTest {
  private final TaskSources executor = new TaskSources(List.of());

  private TaskSpec asExecutorReadsIt(TaskData data) {
    return asExecutorReadsIt(data.toByteString());
  }

  private TaskSpec asExecutorReadsIt(ByteString data) {
    return executor.resolve(
        TaskInfo.newBuilder()
            .setName("t")
            .setTaskId(TaskID.newBuilder().setValue("t1"))
            .setSlaveId(SlaveID.newBuilder().setValue("agent"))
            .setData(data)
            .build());
  }

  @Test
  public void everyKeyOfACommandSpecIsReadAsItWasGiven() {
    HealthCheck health =
        HealthCheck.newBuilder()
            .setType(HealthCheck.Type.HTTP)
            .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/health"))
            .setIntervalSeconds(2.5)
            .setConsecutiveFailures(4)
            .build();
    TaskSpec spec =
        asExecutorReadsIt(
            TaskData.command("python train.py --say \"hé\"\n")
                .env("EPOCHS", "3")
                .env("QUOTE", "a\"b\\c\u0001")
                .user("nobody")
                .progressFile("logs/progress.log")
                .progressRegex("done (\\d+)%: (.*)")
                .progressSampleInterval(Duration.ofMillis(500))
                .healthCheck(health)
                .runningAfterHealthy()
                .killGracePeriod(Duration.ofSeconds(3))
                .maxCompletionTime(Duration.ofMinutes(10)));

    assertEquals(new Work.Shell("python train.py --say \"hé\"\n"), spec.work());
    assertEquals(Map.of("EPOCHS", "3", "QUOTE", "a\"b\\c\u0001"), spec.env());
    assertEquals(Optional.of("nobody"), spec.user());
    assertEquals(Optional.of("logs/progress.log"), spec.progress().get().file());
    assertEquals("done (\\d+)%: (.*)", spec.progress().get().regex().get().pattern());
    assertEquals(Optional.of(Duration.ofMillis(500)), spec.progress().get().sampleInterval());
    assertEquals(
        new Probe.Http("http", 8080, "/health", false), spec.healthCheck().get().check().probe());
    assertEquals(Duration.ofMillis(2500), spec.healthCheck().get().check().timing().interval());
    assertEquals(4, spec.healthCheck().get().policy().consecutiveFailures());
    assertTrue(spec.runningAfterHealthy());
    assertEquals(Optional.of(Duration.ofSeconds(3)), spec.killGracePeriod());
    assertEquals(Optional.of(Duration.ofMinutes(10)), spec.maxCompletionTime());
  }

  @Test
  public void argvIsExecutedAsGiven() {
    TaskSpec spec = asExecutorReadsIt(TaskData.argv("python", "train.py", "--name", "a b"));

    assertEquals(new Work.Exec(List.of("python", "train.py", "--name", "a b")), spec.work());
    assertEquals(Map.of(), spec.env());
    assertFalse(spec.runningAfterHealthy());
  }

  @Test
  public void aCommandHealthCheckKeepsItsArgvAndEnvironment() {
    HealthCheck health =
        HealthCheck.newBuilder()
            .setType(HealthCheck.Type.COMMAND)
            .setCommand(
                org.apache.mesos.Protos.CommandInfo.newBuilder()
                    .setShell(false)
                    .setValue("/bin/test")
                    .addArguments("test")
                    .addArguments("-f")
                    .addArguments("ready"))
            .build();

    TaskSpec spec = asExecutorReadsIt(TaskData.command("serve").healthCheck(health));

    assertEquals(
        List.of("/bin/test", "-f", "ready"),
        ((Probe.Command) spec.healthCheck().get().check().probe()).argv());
  }

  @Test
  public void theJvmKeyIsWrittenAsTheSpecDefinesIt() {
    String full =
        TaskData.jvm(
                JvmTaskSpec.of("com.acme.Train")
                    .classpath("lib/acme.jar", "lib/deps/*.jar")
                    .argsJson("{\"epochs\": 3, \"names\": [\"a\"]}")
                    .isolation(JvmTaskSpec.Isolation.PROCESS)
                    .result(JvmTaskSpec.Result.JAVA)
                    .heapMb(512))
            .toJson();
    String plain =
        TaskData.jvm(JvmTaskSpec.of("com.acme.Main").mainArgs(List.of("x", "y"))).toJson();

    assertEquals(
        "{\"jvm\":{\"class\":\"com.acme.Train\",\"classpath\":[\"lib/acme.jar\",\"lib/deps/*.jar\"],"
            + "\"args\":{\"epochs\": 3, \"names\": [\"a\"]},\"isolation\":\"process\","
            + "\"result\":\"java\",\"heap_mb\":512}}",
        full);
    assertEquals("{\"jvm\":{\"class\":\"com.acme.Main\",\"args\":[\"x\",\"y\"]}}", plain);
  }

  @Test
  public void aJvmSpecIsReadByTheExecutorAsItWasGiven() {
    JvmSpec full =
        ((Work.JvmClass)
                asExecutorReadsIt(
                        TaskData.jvm(
                            JvmTaskSpec.of("com.acme.Train")
                                .classpath("lib/acme.jar", "lib/deps/*.jar")
                                .argsJson("{\"epochs\": 3, \"names\": [\"a\"]}")
                                .isolation(JvmTaskSpec.Isolation.PROCESS)
                                .result(JvmTaskSpec.Result.JAVA)
                                .heapMb(512)))
                    .work())
            .spec();

    assertEquals("com.acme.Train", full.className());
    assertEquals(List.of("lib/acme.jar", "lib/deps/*.jar"), full.classpath());
    assertEquals(
        JsonParser.parseString("{\"epochs\": 3, \"names\": [\"a\"]}"),
        JsonParser.parseString(full.argsJson()));
    assertEquals(JvmSpec.Isolation.PROCESS, full.isolation());
    assertEquals(JvmSpec.ResultFormat.JAVA, full.result());
    assertEquals(OptionalInt.of(512), full.heapMb());
  }

  @Test
  public void aMainClassWithItsArgumentsIsReadWithTheSpecsDefaults() {
    JvmSpec plain =
        ((Work.JvmClass)
                asExecutorReadsIt(
                        TaskData.jvm(JvmTaskSpec.of("com.acme.Main").mainArgs(List.of("x", "y"))))
                    .work())
            .spec();

    assertEquals("com.acme.Main", plain.className());
    assertEquals(List.of(), plain.classpath());
    assertEquals(JsonParser.parseString("[\"x\",\"y\"]"), JsonParser.parseString(plain.argsJson()));
    assertEquals(JvmSpec.Isolation.THREAD, plain.isolation());
    assertEquals(JvmSpec.ResultFormat.JSON, plain.result());
    assertEquals(OptionalInt.empty(), plain.heapMb());
  }

  @Test
  public void aSerializedTaskIsReadByTheExecutorAsAJvmTaskOfThoseBytes() {
    ByteString data = TaskData.serialized(Task.of(() -> "result"));

    Work work = asExecutorReadsIt(data).work();

    assertTrue(work.toString(), work instanceof Work.JvmObject);
    assertEquals(data, ((Work.JvmObject) work).data());
  }

  @Test
  public void whatTheExecutorWouldRefuseIsRefusedWhenGiven() {
    assertThrows(IllegalArgumentException.class, () -> TaskData.command("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> TaskData.argv(List.of()));
    assertThrows(IllegalArgumentException.class, () -> TaskData.command("x").env("A=B", "v"));
    assertThrows(IllegalArgumentException.class, () -> TaskData.command("x").user("a b"));
    assertThrows(IllegalArgumentException.class, () -> TaskData.command("x").progressFile("../x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskData.command("x").progressSampleInterval(Duration.ofMillis(99)));
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskData.command("x").killGracePeriod(Duration.ofNanos(1_500_000)));
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskData.command("x").maxCompletionTime(Duration.ofDays(3651)));
    assertThrows(IllegalArgumentException.class, () -> JvmTaskSpec.of("A").argsJson("{not json"));
    assertThrows(IllegalArgumentException.class, () -> JvmTaskSpec.of("A").classpath("/abs.jar"));
    assertThrows(IllegalArgumentException.class, () -> JvmTaskSpec.of("A").heapMb(31));
    assertThrows(
        IllegalArgumentException.class, () -> TaskData.jvm(JvmTaskSpec.of("A").heapMb(64)));
  }

  @Test
  public void aSerializedTaskIsJavaSerializationOfTheTask() throws Exception {
    ByteString data = TaskData.serialized(Task.of(() -> "result"));

    assertArrayEquals(
        new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, data.substring(0, 4).toByteArray());
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(data.toByteArray()))) {
      FunctionTask<?> task = (FunctionTask<?>) in.readObject();
      assertEquals("result", task.run(null));
    }
  }

  @Test
  public void aTaskThatCapturesSomethingUnserializableIsRefused() {
    Object notSerializable = new Object();
    assertThrows(
        java.io.UncheckedIOException.class,
        () -> TaskData.serialized(Task.of(() -> notSerializable.toString())));
  }
}
