package org.mesosexec.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Programs started through posix_spawn: their arguments, environment and exit status. */
public class PosixSpawnTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aScriptWithoutAHashBangLineRunsThroughTheShellWithItsArgumentsAndEnvironment()
      throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path script = dir.resolve("no-hash-bang");
    Files.writeString(script, "echo \"[$1] [$2] [$FOO] [$(pwd)]\"\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path out = dir.resolve("stdout");
    Optional<Process> spawned =
        ProcessTracker.start(LibC.load())
            .spawnTask(
                List.of(script.toString(), "one", "two words"),
                Map.of("FOO", "bar"),
                dir,
                out,
                dir.resolve("stderr"));
    assumeTrue("posix_spawn and pidfd", spawned.isPresent());

    assertEquals(3, spawned.get().onExit().get(10, TimeUnit.SECONDS).exitValue());
    assertEquals(
        "[one] [two words] [bar] [" + dir.toRealPath() + "]\n",
        Files.readString(out, StandardCharsets.UTF_8));
  }
}
