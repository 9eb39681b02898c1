package org.mesosexec.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/** Task processes as the launcher starts them, real ones: what they get and how they end. */
public class OsProcessLauncherTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final Optional<LibC> libc = LibC.load();
  private final ProcessTracker tracker = ProcessTracker.start(libc);
  private final OsProcessLauncher launcher = new OsProcessLauncher(new Signaller(libc), tracker);

  @Test
  public void exitCodesAndSignalsAreReportedExactly() throws Exception {
    assertEquals("Command exited with status 3", end(launch("exit 3")).describe());
    assertEquals("Command exited with status 0", end(launch("true")).describe());
    ExitStatus killed = end(launch("kill -9 $$"));
    assertEquals("Command terminated with signal Killed", killed.describe());
    assertEquals(137, killed.exitCode());
  }

  @Test
  public void theProcessRunsInItsDirectoryWithItsEnvironmentAndAppendsToItsFiles()
      throws Exception {
    Path dir = tmp.newFolder("work dir").toPath();
    Path out = tmp.getRoot().toPath().resolve("out");
    Path err = tmp.getRoot().toPath().resolve("err");
    Files.writeString(out, "before\n");
    RunningWork task =
        launcher.launch(
            new LaunchRequest(
                List.of("/bin/sh", "-c", "pwd; env; echo oops >&2; read x; echo \"in=[$x]\""),
                Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"),
                dir,
                out,
                err,
                Optional.empty()));
    assertEquals("Command exited with status 0", end(task).describe());

    String output = Files.readString(out);
    assertTrue(output, output.startsWith("before\n" + dir + "\n"));
    assertThat(output, containsString("\nONLY=this\n"));
    assertThat(output, containsString(ProcessTracker.MARKER_VARIABLE + "="));
    assertThat(output, containsString("in=[]"));
    assertEquals("oops\n", Files.readString(err));
  }

  @Test
  public void theProcessLeadsItsOwnSessionAndHoldsNoDescriptorOfTheExecutor() throws Exception {
    RunningWork task = launch("exec sleep 60");
    long pid = task.pid().getAsLong();
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertEquals("process group", String.valueOf(pid), fields[2]);
      assertEquals("session", String.valueOf(pid), fields[3]);
      assertEquals(List.of("0", "1", "2"), settledDescriptors(pid, List.of("0", "1", "2")));
    } finally {
      task.stop(Signal.KILL);
    }
    assertEquals("Command terminated with signal Killed", end(task).describe());
  }

  /**
   * The process's descriptors once they equal {@code expected}, or as they are after ten seconds.
   * Until the program is loaded, the dynamic loader and the shell briefly hold descriptors of their
   * own (a library being mapped); an inherited descriptor, by contrast, stays open for good.
   */
  private static List<String> settledDescriptors(long pid, List<String> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<String> now;
      try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        now = fds.map(p -> p.getFileName().toString()).sorted().toList();
      }
      if (now.equals(expected) || System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(10);
    }
  }

  @Test
  public void aMissingDirectoryFailsTheLaunchWithTheOsError() {
    LaunchException e =
        assertThrows(
            LaunchException.class,
            () ->
                launcher.launch(
                    new LaunchRequest(
                        List.of("/bin/true"),
                        Map.of(),
                        tmp.getRoot().toPath().resolve("nope"),
                        tmp.getRoot().toPath().resolve("out"),
                        tmp.getRoot().toPath().resolve("err"),
                        Optional.empty())));
    assertThat(e.getMessage(), containsString("No such file or directory"));
  }

  @Test
  public void anExecutableWithoutInterpreterLineRunsThroughTheShell() throws Exception {
    Path script = tmp.getRoot().toPath().resolve("script");
    Files.writeString(script, "exit 7\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path out = tmp.getRoot().toPath().resolve("out");
    RunningWork task =
        launcher.launch(
            new LaunchRequest(
                List.of(script.toString()),
                Map.of(),
                tmp.getRoot().toPath(),
                out,
                out,
                Optional.empty()));
    assertEquals("Command exited with status 7", end(task).describe());
  }

  @Test
  public void runningProcessesCostNoThreadEach() throws Exception {
    int before = Thread.getAllStackTraces().size();
    List<RunningWork> tasks = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        tasks.add(launch("exec sleep 60"));
      }
      int during = Thread.getAllStackTraces().size();
      assertTrue(before + " threads before, " + during + " during", during - before <= 2);
    } finally {
      for (RunningWork task : tasks) {
        task.stop(Signal.KILL);
      }
    }
    for (RunningWork task : tasks) {
      assertEquals("Command terminated with signal Killed", end(task).describe());
    }
  }

  private RunningWork launch(String script) throws Exception {
    return ShellTasks.launch(launcher, tmp, script);
  }

  private static ExitStatus end(RunningWork task) throws Exception {
    return task.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
