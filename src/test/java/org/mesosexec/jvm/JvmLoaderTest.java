package org.mesosexec.jvm;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.jvm.JvmOutcome.Kind;
import org.mesosexec.jvm.JvmSpec.Isolation;
import org.mesosexec.jvm.JvmSpec.ResultFormat;
import org.mesosexec.jvm.fixtures.Greeting;

public class JvmLoaderTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private JvmLoader loader;

  @Before
  public void sandbox() {
    loader = new JvmLoader(FixtureJar.settings(null), FixtureJar.sandbox(temp.getRoot().toPath()));
  }

  static JvmSpec spec(String simpleName, String argsJson) {
    return new JvmSpec(
        FixtureJar.FIXTURES + "." + simpleName,
        List.of(FixtureJar.JAR),
        argsJson,
        Isolation.THREAD,
        ResultFormat.JSON,
        OptionalInt.empty());
  }

  private JvmOutcome run(String simpleName, String argsJson) throws JvmTaskException {
    FakeContext context = new FakeContext(argsJson);
    try (LoadedTask task = loader.fromSpec(spec(simpleName, argsJson))) {
      return JvmOutcome.run(task, context, ResultFormat.JSON, 1024);
    }
  }

  private String refusal(String simpleName, String argsJson) {
    return assertThrows(JvmTaskException.class, () -> loader.fromSpec(spec(simpleName, argsJson)))
        .getMessage();
  }

  @Test
  public void aTaskClassIsMadeFromItsJarAndItsResultIsJson() throws Exception {
    FakeContext context = new FakeContext("null");
    try (LoadedTask task = loader.fromSpec(spec("Greeting", "null"))) {
      assertNotSame(Greeting.class, task.task().getClass());
      assertEquals(task.loader(), task.task().getClass().getClassLoader());
      JvmOutcome outcome = JvmOutcome.run(task, context, ResultFormat.JSON, 1024);
      assertEquals(Kind.FINISHED, outcome.kind());
      assertArrayEquals("\"hello task-1\"".getBytes(StandardCharsets.UTF_8), outcome.data());
    }
    assertEquals(List.of("50 half way"), context.progress);
  }

  @Test
  public void aMainClassRunsWithTheArgsArrayAndGivesNoData() throws Exception {
    JvmOutcome outcome = run("Mains", "[\"a\", \"b c\"]");
    assertEquals(new JvmOutcome(Kind.FINISHED, "", new byte[0]), outcome);
    assertEquals("a,b c", System.getProperty("fixture.main.args"));
  }

  @Test
  public void aMainClassWithoutArgsGetsNone() throws Exception {
    run("Mains", "null");
    assertEquals("", System.getProperty("fixture.main.args"));
  }

  @Test
  public void argsForMainThatAreNotAnArrayOfStringsAreRefused() {
    for (String args : List.of("{\"a\": 1}", "[\"a\", 2]", "\"a\"", "[[\"a\"]]")) {
      assertEquals(
          "jvm.args must be a JSON array of strings for "
              + FixtureJar.FIXTURES
              + ".Mains, which runs by its main method (got "
              + args
              + ")",
          refusal("Mains", args));
    }
  }

  @Test
  public void eachClassThatCannotBecomeATaskIsRefusedWithItsReason() {
    String f = FixtureJar.FIXTURES;
    assertEquals(
        "class " + f + ".Missing is not found in jvm.classpath", refusal("Missing", "null"));
    assertEquals(
        "class "
            + f
            + ".Broken$Plain is not an org.mesosexec.api.Task and has no public static void"
            + " main(String[])",
        refusal("Broken$Plain", "null"));
    assertEquals(
        "task class " + f + ".Broken$NeedsArgument has no public no-argument constructor",
        refusal("Broken$NeedsArgument", "null"));
    assertEquals(
        "the constructor of "
            + f
            + ".Broken$ThrowsInConstructor threw java.lang.IllegalArgumentException: no config",
        refusal("Broken$ThrowsInConstructor", "null"));
    assertEquals(
        "the static initializer of "
            + f
            + ".Broken$ThrowsInStaticInit threw java.lang.NumberFormatException: For input"
            + " string: \"not a number\"",
        refusal("Broken$ThrowsInStaticInit", "null"));
  }

  @Test
  public void aTaskSeesTheJdkAndTheApiButNoneOfTheExecutorsClasses() throws Exception {
    JvmOutcome outcome = run("Isolation", "null");
    assertEquals(
        "[\"org.mesosexec.api.TaskContext\",\"java.util.concurrent.ConcurrentHashMap\","
            + "\"java.sql.Connection\"]",
        new String(outcome.data(), StandardCharsets.UTF_8));
  }

  @Test
  public void exitCallsInTheTasksClassesEndTheTaskNotTheJvm() throws Exception {
    assertEquals("called System.exit(7)", run("Exits", "\"system\"").message());
    assertEquals("called Runtime.exit(5)", run("Exits", "\"runtime\"").message());
    assertEquals("called Runtime.halt(9)", run("Exits", "\"halt\"").message());
    assertEquals("called System.exit(4)", run("Exits", "\"reference\"").message());
    assertEquals(Kind.FAILED, run("Exits", "\"system\"").kind());
    assertArrayEquals("\"no exit\"".getBytes(StandardCharsets.UTF_8), run("Exits", "0").data());
  }

  @Test
  public void aClosedTaskLoaderLoadsNoMoreClasses() throws Exception {
    LoadedTask task = loader.fromSpec(spec("Greeting", "null"));
    task.close();
    ClassNotFoundException e =
        assertThrows(
            ClassNotFoundException.class,
            () -> task.loader().loadClass(FixtureJar.FIXTURES + ".Mains"));
    assertTrue(e.getMessage(), e.getMessage().endsWith("the task's class loader is closed"));
  }

  @Test
  public void eachTaskHasAClassLoaderOfItsOwn() throws Exception {
    try (LoadedTask one = loader.fromSpec(spec("Greeting", "null"));
        LoadedTask two = loader.fromSpec(spec("Greeting", "null"))) {
      assertNotSame(one.task().getClass(), two.task().getClass());
    }
  }

  @Test
  public void aJarOutsideTheSandboxIsRefusedBeforeAnyClassLoads() {
    JvmSpec spec =
        new JvmSpec(
            "x.Y",
            List.of("../elsewhere.jar"),
            "null",
            Isolation.THREAD,
            ResultFormat.JSON,
            OptionalInt.empty());
    assertEquals(
        "jvm.classpath entry '../elsewhere.jar' is not inside the sandbox (entries are"
            + " sandbox-relative)",
        assertThrows(JvmTaskException.class, () -> loader.fromSpec(spec)).getMessage());
  }
}
