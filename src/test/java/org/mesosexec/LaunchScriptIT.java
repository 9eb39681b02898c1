package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.mesosexec.testing.StatusJson.field;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * {@code run-executor.sh} itself (DESIGN §3): started outside an agent it says what is missing
 * instead of crashing in libmesos, and the distribution archive runs on its own.
 */
public class LaunchScriptIT {
  /** Where run-executor.sh looks for libmesos when MESOS_NATIVE_JAVA_LIBRARY is unset. */
  private static final List<String> LIBMESOS_DIRS =
      List.of(
          "/usr/lib",
          "/usr/local/lib",
          "/usr/lib64",
          "/usr/local/lib64",
          "/usr/lib/x86_64-linux-gnu",
          "/usr/lib/aarch64-linux-gnu",
          "/opt/mesos/lib",
          "/usr/lib/mesos");

  private static final String SLAVE_PID = "slave(1)@127.0.0.1:5051";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void agentModeWithoutMesosSlavePidSaysSoAndPointsToTheLocalMode() throws Exception {
    ScriptOutput out = LocalRunner.script().unset("MESOS_SLAVE_PID").run();

    assertRefused(out, "MESOS_SLAVE_PID", "--local");
  }

  @Test
  public void agentModeWithoutLibmesosNamesMesosNativeJavaLibrary() throws Exception {
    assumeTrue(
        "libmesos is installed here",
        LIBMESOS_DIRS.stream()
            .flatMap(d -> Stream.of("libmesos.so", "libmesos.dylib").map(n -> Path.of(d, n)))
            .noneMatch(Files::exists));

    ScriptOutput out = LocalRunner.script().env("MESOS_SLAVE_PID", SLAVE_PID).run();

    assertRefused(out, "MESOS_NATIVE_JAVA_LIBRARY");
  }

  @Test
  public void agentModeWithAMissingLibmesosPathNamesThatPath() throws Exception {
    String missing = "/nonexistent/libmesos.so";

    ScriptOutput out =
        LocalRunner.script()
            .env("MESOS_SLAVE_PID", SLAVE_PID)
            .env("MESOS_NATIVE_JAVA_LIBRARY", missing)
            .run();

    assertRefused(out, missing);
  }

  @Test
  public void distributionArchiveRunsHelloOnItsOwn() throws Exception {
    Path archive = LocalRunner.projectRoot().resolve("target/mesos-task-executor.tar.gz");
    assertTrue(
        archive + " is built by mvn package before the ITs run", Files.isRegularFile(archive));
    Path home = LocalRunner.unpack(archive, tmp.getRoot().toPath());

    ScriptOutput out =
        LocalRunner.command(
                home.resolve("run-executor.sh"),
                "--local",
                home.resolve("conf/examples/hello.json"),
                "--sandbox",
                tmp.newFolder("sandbox"))
            .in(home.getParent())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("hello"), "state"));
    assertThat("used the jar beside it, built nothing", out.stderr(), not(containsString("build")));
    assertTrue(Files.isRegularFile(home.resolve("mesos-task-executor.jar")));
    assertTrue(
        "logging from the archive's conf/",
        Files.isRegularFile(out.sandbox().resolve("executor.log")));
  }

  @Test
  public void theScriptFindsItsJarAndConfigurationThroughASymlinkAndFromARelativePath()
      throws Exception {
    Path archive = LocalRunner.projectRoot().resolve("target/mesos-task-executor.tar.gz");
    Path home = LocalRunner.unpack(archive, tmp.getRoot().toPath());
    Path bin = tmp.newFolder("bin").toPath();
    Path link =
        Files.createSymbolicLink(bin.resolve("run-executor.sh"), home.resolve("run-executor.sh"));

    // As an operator links it into a bin directory, started from somewhere else.
    ScriptOutput linked =
        LocalRunner.command(
                link,
                "--local",
                home.resolve("conf/examples/hello.json"),
                "--sandbox",
                tmp.newFolder("a"))
            .in(bin)
            .run()
            .assertWellFormed();
    // As the agent starts it in ExecutorInfo.command: a path relative to the working directory.
    ScriptOutput relative =
        LocalRunner.command(
                Path.of("./run-executor.sh"),
                "--local",
                "conf/examples/hello.json",
                "--sandbox",
                tmp.newFolder("b"))
            .in(home)
            .run()
            .assertWellFormed();

    for (ScriptOutput out : List.of(linked, relative)) {
      assertEquals(out.toString(), 0, out.exitStatus());
      assertEquals("TASK_FINISHED", field(out.terminal("hello"), "state"));
      assertThat(
          "used the jar beside it, built nothing", out.stderr(), not(containsString("build")));
      assertTrue(
          "logging from the archive's conf/: " + out,
          Files.isRegularFile(out.sandbox().resolve("executor.log")));
    }
  }

  private static void assertRefused(ScriptOutput out, String... fragments) {
    assertNotEquals(out.toString(), 0, out.exitStatus());
    for (String fragment : fragments) {
      assertThat(out.toString(), out.stderr(), containsString(fragment));
    }
    assertEquals("nothing on stdout\n" + out, List.of(), out.stdoutLines());
  }
}
