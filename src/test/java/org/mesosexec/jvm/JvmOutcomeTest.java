package org.mesosexec.jvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskExit;
import org.mesosexec.jvm.JvmOutcome.Kind;
import org.mesosexec.jvm.JvmSpec.ResultFormat;

public class JvmOutcomeTest {
  private static final int CAP = 4096;

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private final ClassLoader taskLoader = new URLClassLoader(new URL[0]);

  record Point(int x, int y) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  private JvmOutcome run(Task<?> task, ResultFormat format, int cap) {
    return JvmOutcome.run(
        new LoadedTask(task, taskLoader, "null"), new FakeContext("null"), format, cap);
  }

  private static String text(JvmOutcome outcome) {
    return new String(outcome.data(), StandardCharsets.UTF_8);
  }

  @Test
  public void aResultIsJsonOrJavaSerializedAsAsked() throws Exception {
    assertEquals("{\"x\":1,\"y\":2}", text(run(c -> new Point(1, 2), ResultFormat.JSON, CAP)));
    JvmOutcome java = run(c -> new Point(1, 2), ResultFormat.JAVA, CAP);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(java.data()))) {
      assertEquals(new Point(1, 2), in.readObject());
    }
    assertEquals(Kind.FINISHED, java.kind());
  }

  @Test
  public void nullGivesNoData() {
    for (ResultFormat format : ResultFormat.values()) {
      assertEquals(new JvmOutcome(Kind.FINISHED, "", new byte[0]), run(c -> null, format, CAP));
    }
  }

  @Test
  public void aResultOverTheCapFailsTheTaskSayingSo() {
    String big = "x".repeat(2000);
    assertEquals(
        new JvmOutcome(
            Kind.FAILED,
            "result of 2002 bytes is over EXECUTOR_MAX_RESULT_BYTES (1024)",
            new byte[0]),
        run(c -> big, ResultFormat.JSON, 1024));
  }

  @Test
  public void aResultThatCannotBeEncodedFailsTheTaskNamingItsClass() {
    assertEquals(
        "result of class java.lang.Object is not serializable (java.lang.Object is not)",
        run(c -> new Object(), ResultFormat.JAVA, CAP).message());
    Object[] cycle = new Object[1];
    cycle[0] = java.util.List.of(java.util.Map.of("self", cycle));
    JvmOutcome selfReferring = run(c -> new Holder(cycle), ResultFormat.JSON, CAP);
    assertEquals(Kind.FAILED, selfReferring.kind());
    assertTrue(
        selfReferring.message(),
        selfReferring.message().startsWith("result of class " + Holder.class.getName()));
  }

  /** A result that holds a cycle. */
  static final class Holder {
    final Object[] values;

    Holder(Object[] values) {
      this.values = values;
    }
  }

  @Test
  public void anExceptionFailsTheTaskWithItsClassMessageAndChainAsJson() {
    JvmOutcome outcome =
        run(
            c -> {
              throw new IllegalStateException("bad input", new IOException("disk gone"));
            },
            ResultFormat.JSON,
            CAP);
    assertEquals(Kind.FAILED, outcome.kind());
    assertEquals("java.lang.IllegalStateException: bad input", outcome.message());
    JsonObject json = JsonParser.parseString(text(outcome)).getAsJsonObject();
    JsonArray chain = json.getAsJsonArray("chain");
    assertEquals(2, chain.size());
    assertEquals("java.io.IOException", chain.get(1).getAsJsonObject().get("class").getAsString());
    assertEquals("disk gone", chain.get(1).getAsJsonObject().get("message").getAsString());
    String top = chain.get(0).getAsJsonObject().getAsJsonArray("stack").get(0).getAsString();
    assertTrue(top, top.contains("JvmOutcomeTest"));
  }

  @Test
  public void anErrorFailsTheTaskToo() {
    JvmOutcome outcome = run(c -> recurse(0), ResultFormat.JSON, CAP);
    assertEquals("java.lang.StackOverflowError", outcome.message());
    JsonObject first =
        JsonParser.parseString(text(outcome))
            .getAsJsonObject()
            .getAsJsonArray("chain")
            .get(0)
            .getAsJsonObject();
    assertTrue(first.getAsJsonArray("stack").size() <= ThrowableJson.MAX_FRAMES);
    assertTrue(first.get("frames_left_out").getAsInt() > 0);
  }

  private static int recurse(int depth) {
    return depth < 0 ? depth : recurse(depth + 1) + 1; // never negative: recurses to the end
  }

  @Test
  public void theExceptionJsonIsBoundedByChainFramesAndTheCap() {
    RuntimeException chain = new RuntimeException("m".repeat(5000));
    for (int i = 0; i < 100; i++) {
      chain = new RuntimeException("m".repeat(5000), chain);
    }
    RuntimeException thrown = chain;
    JvmOutcome outcome =
        run(
            c -> {
              throw thrown;
            },
            ResultFormat.JSON,
            64 * 1024);
    JsonObject json = JsonParser.parseString(text(outcome)).getAsJsonObject();
    assertEquals(ThrowableJson.MAX_CHAIN, json.getAsJsonArray("chain").size());
    assertEquals(101 - ThrowableJson.MAX_CHAIN, json.get("causes_left_out").getAsInt());
    assertTrue(outcome.data().length <= 64 * 1024);
    JvmOutcome small =
        run(
            c -> {
              throw thrown;
            },
            ResultFormat.JSON,
            1024);
    assertTrue(small.data().length <= 1024);
  }

  @Test
  public void taskExitAnywhereInTheChainReadsAsTheExitCall() {
    JvmOutcome outcome =
        run(
            c -> {
              try {
                TaskExit.exit(3);
                return null;
              } catch (TaskExit e) {
                throw new IllegalStateException("wrapped", e);
              }
            },
            ResultFormat.JSON,
            CAP);
    assertEquals(Kind.FAILED, outcome.kind());
    assertEquals("called System.exit(3)", outcome.message());
  }

  @Test
  public void theTaskRunsWithItsLoaderAsContextClassLoaderAndTheCallersComesBack() {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    JvmOutcome outcome =
        run(
            c -> Thread.currentThread().getContextClassLoader() == taskLoader,
            ResultFormat.JSON,
            CAP);
    assertEquals("true", text(outcome));
    assertSame(before, Thread.currentThread().getContextClassLoader());
  }

  @Test
  public void anOutcomeSurvivesItsFile() throws Exception {
    Path file = temp.getRoot().toPath().resolve(".jvm-outcome");
    JvmOutcome outcome = new JvmOutcome(Kind.FAILED, "called System.exit(3)", new byte[] {1, 2});
    outcome.write(file);
    assertEquals(outcome, JvmOutcome.read(file));
  }

  @Test
  public void aTruncatedOrCorruptOutcomeFileIsAClearError() throws Exception {
    Path file = temp.getRoot().toPath().resolve(".jvm-outcome");
    new JvmOutcome(Kind.FINISHED, "", new byte[100]).write(file);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 10));
    assertEquals(
        file + " is truncated: it ends before the end of a JVM task's outcome",
        assertThrows(IOException.class, () -> JvmOutcome.read(file)).getMessage());
    Files.writeString(file, "garbage!");
    assertEquals(
        file + " is not a JVM task's outcome",
        assertThrows(IOException.class, () -> JvmOutcome.read(file)).getMessage());
    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    Files.write(file, longer);
    assertEquals(
        file + " is corrupt: it has bytes after a JVM task's outcome",
        assertThrows(IOException.class, () -> JvmOutcome.read(file)).getMessage());
    byte[] hugeField = whole.clone();
    hugeField[4] = 0x7f; // the first field's length
    Files.write(file, hugeField);
    assertTrue(
        assertThrows(IOException.class, () -> JvmOutcome.read(file))
            .getMessage()
            .startsWith(file + " is corrupt: a field of "));
  }
}
