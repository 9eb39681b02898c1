package org.mesosexec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.mesosexec.testing.JsonMappingRoundTrip;
import org.mesosexec.testing.LocalRunner;

/**
 * The executor jar that {@code mvn package} builds: under its size budget, and still holding what
 * protobuf's JSON mapping needs once Guava has been cut down to what the executor reaches (the
 * local mode's ITs run the script on the same jar).
 */
public class ShadedJarIT {
  private static final long BUDGET_BYTES = 10L * 1000 * 1000;
  private static final Path JAR =
      LocalRunner.projectRoot().resolve("target/mesos-task-executor.jar");

  @Test
  public void jarStaysUnderTenMegabytes() throws Exception {
    assertTrue(JAR + " is built by mvn package before the ITs run", Files.isRegularFile(JAR));

    assertTrue(JAR + " is " + Files.size(JAR) + " bytes", Files.size(JAR) < BUDGET_BYTES);
  }

  @Test
  public void jsonMappingOfEveryTaskInfoAndTaskStatusFieldRoundTripsInTheJar() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        JAR + ":" + LocalRunner.projectRoot().resolve("target/test-classes").toString();
    Process p =
        new ProcessBuilder(java, "-cp", classPath, JsonMappingRoundTrip.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(out, 0, p.waitFor());
    int fields = Integer.parseInt(out.trim().replace("fields ", ""));
    assertTrue("a sample with every field, not a handful: " + out, fields > 500);
  }
}
