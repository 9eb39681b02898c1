package org.mesosexec.jvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.jvm.JvmOutcome.Kind;

/** ChildMain in a real child JVM: java from java.home, this JVM's class path. */
public class ChildMainIT {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path sandbox;
  private Path directory;

  @Before
  public void sandbox() throws Exception {
    sandbox = FixtureJar.sandbox(temp.getRoot().toPath());
    directory = Files.createDirectories(sandbox.resolve("tasks/task-1"));
  }

  private int child(String simpleName, String argsJson) throws Exception {
    ChildRequest request =
        ChildRequest.forSpec(
            "task-1",
            directory,
            sandbox,
            FixtureJar.settings(null),
            JvmLoaderTest.spec(simpleName, argsJson));
    Path file = directory.resolve(".jvm-request");
    request.write(file);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                ChildMain.class.getName(),
                file.toString())
            .redirectOutput(directory.resolve("stdout").toFile())
            .redirectError(directory.resolve("stderr").toFile())
            .start();
    assertTrue("the child JVM ended", process.waitFor(60, TimeUnit.SECONDS));
    return process.exitValue();
  }

  private JvmOutcome outcome() throws Exception {
    return JvmOutcome.read(directory.resolve(ChildRequest.OUTCOME_FILE));
  }

  @Test
  public void aResultComesBackInTheOutcomeFileAndProgressOnStdout() throws Exception {
    assertEquals(0, child("Greeting", "null"));
    assertEquals(
        new JvmOutcome(Kind.FINISHED, "", "\"hello task-1\"".getBytes(StandardCharsets.UTF_8)),
        outcome());
    assertEquals(
        "progress: 50 half way\n",
        Files.readString(directory.resolve("stdout"), StandardCharsets.UTF_8));
  }

  @Test
  public void anExceptionEndsTheChildWithStatusOne() throws Exception {
    assertEquals(1, child("Failing", "null"));
    assertEquals("java.lang.IllegalStateException: bad input", outcome().message());
  }

  @Test
  public void systemExitEndsTheChildWithItsStatus() throws Exception {
    assertEquals(7, child("Exits", "\"system\""));
    assertFalse(Files.exists(directory.resolve(ChildRequest.OUTCOME_FILE)));
  }

  @Test
  public void aTaskThatCannotLoadIsInvalidWithStatusTwo() throws Exception {
    assertEquals(2, child("Missing", "null"));
    assertEquals(
        new JvmOutcome(
            Kind.INVALID,
            "class " + FixtureJar.FIXTURES + ".Missing is not found in jvm.classpath",
            new byte[0]),
        outcome());
  }
}
