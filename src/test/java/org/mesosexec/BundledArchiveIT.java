package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.mesosexec.testing.StatusJson.field;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * The self-contained archive ({@code mvn -Pbundled package}; skipped when it was not built),
 * unpacked where it was not built: it runs on its own runtime without {@code JAVA_HOME}, from the
 * class-data archive made at build time, and runs a jar that is not the one the archive was made
 * from without an archive (its runtime has no JDK archive for the agent's cache to build on).
 */
public class BundledArchiveIT {
  private static final Path BUNDLE =
      LocalRunner.projectRoot()
          .resolve(
              "target/mesos-task-executor-linux-"
                  + System.getProperty("os.arch").replace("amd64", "x86_64")
                  + "-bundled.tar.gz");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path home;

  @Before
  public void unpack() throws Exception {
    assumeTrue(BUNDLE + " is built by mvn -Pbundled package", Files.isRegularFile(BUNDLE));
    home = LocalRunner.unpack(BUNDLE, tmp.getRoot().toPath());
  }

  @Test
  public void runsOnItsOwnRuntimeFromTheArchiveMadeAtBuildTime() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");

    ScriptOutput out = hello(cache);

    assertEquals("shared objects file", mainSource());
    assertFalse("no cache needed", Files.exists(cache));
    assertEquals(out.toString(), "", out.stderr());
  }

  @Test
  public void aJarThatIsNotTheOneTheArchiveWasMadeFromRunsWithoutAnArchiveAndSaysSo()
      throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    Path jar = home.resolve("mesos-task-executor.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

    ScriptOutput out = hello(cache);

    assertThat(mainSource(), startsWith("file:" + cache));
    assertThat(out.stderr(), containsString("no class-data archive of its own"));
  }

  private ScriptOutput hello(Path cache) throws Exception {
    ScriptOutput out =
        LocalRunner.command(
                home.resolve("run-executor.sh"),
                "--local",
                home.resolve("conf/examples/hello.json"),
                "--sandbox",
                tmp.newFolder().toPath())
            .agentEnvironment()
            .env("JAVA_HOME", "/nonexistent-jdk")
            .env("EXECUTOR_CDS_DIR", cache.toString())
            .env("JAVA_OPTS", "-Xlog:class+load=info:file=" + tmp.getRoot() + "/class-load.log")
            .run()
            .assertWellFormed();
    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("hello"), "state"));
    return out;
  }

  private String mainSource() throws Exception {
    List<String> log = Files.readAllLines(tmp.getRoot().toPath().resolve("class-load.log"));
    String main =
        log.stream()
            .filter(l -> l.contains(" org.mesosexec.Main source: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Main was never loaded: " + log));
    assertTrue(main, main.contains(" source: "));
    return main.substring(main.indexOf(" source: ") + " source: ".length());
  }
}
