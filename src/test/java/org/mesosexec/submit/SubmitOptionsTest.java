package org.mesosexec.submit;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.FrameworkInfo.Capability;
import org.junit.Test;

/** The command line of {@code run-executor.sh --submit}. */
public class SubmitOptionsTest {
  @Test
  public void masterTaskFileAndOptionsAreRead() {
    SubmitOptions o =
        SubmitOptions.parse(
            List.of(
                "zk://zk:2181/mesos",
                "--kill",
                "t1@1.5",
                "tasks.json",
                "--executor-uri",
                "http://repo/x.tar.gz",
                "--framework-capability",
                "TASK_KILLING_STATE"));

    assertEquals("zk://zk:2181/mesos", o.master());
    assertEquals(Path.of("tasks.json"), o.taskFile());
    assertEquals(Optional.of(URI.create("http://repo/x.tar.gz")), o.executorUri());
    assertEquals("t1", o.kills().get(0).value());
    assertEquals(Duration.ofMillis(1500), o.kills().get(0).after());
    assertEquals(List.of(Capability.Type.TASK_KILLING_STATE), o.capabilities());
  }

  @Test
  public void aBadCommandLineSaysWhatIsWrong() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> SubmitOptions.parse(List.of("m")))
            .getMessage(),
        containsString("MASTER and TASKFILE"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> SubmitOptions.parse(List.of("m", "f", "--executor-uri", "no-scheme")))
            .getMessage(),
        containsString("needs a scheme"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SubmitOptions.parse(List.of("m", "f", "--sandbox", "x")));
  }

  @Test
  public void theDefaultArchiveIsTheOneBuiltInTheCheckout() throws Exception {
    Path home = java.nio.file.Files.createTempDirectory("submit-home");
    java.nio.file.Files.createDirectories(home.resolve("target"));
    Path archive =
        java.nio.file.Files.createFile(home.resolve("target/mesos-task-executor.tar.gz"));

    assertEquals(archive.toUri(), SubmitMode.builtArchive(Optional.of(home)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SubmitMode.builtArchive(
                Optional.of(java.nio.file.Files.createTempDirectory("submit-empty").resolve("x"))));
  }
}
