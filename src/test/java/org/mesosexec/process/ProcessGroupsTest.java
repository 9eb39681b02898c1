package org.mesosexec.process;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.mesosexec.testing.ProcScan;

/** Killing a child process with everything it started. */
public class ProcessGroupsTest {
  private final ProcessGroups groups = new ProcessGroups(Signaller.load());

  @Test
  public void aGroupLeaderIsKilledWithItsGroup() throws Exception {
    List<String> command = new ArrayList<>();
    Setsid.path().ifPresent(p -> command.add(p.toString()));
    command.addAll(List.of("/bin/sh", "-c", "sleep 60 & echo $!; wait"));
    assertKilledWithChild(new ProcessBuilder(command).start(), Setsid.path().isPresent());
  }

  @Test
  public void aProcessOutsideItsOwnGroupIsKilledWithItsDescendants() throws Exception {
    assertKilledWithChild(
        new ProcessBuilder("/bin/sh", "-c", "sleep 60 & echo $!; wait").start(), false);
  }

  private void assertKilledWithChild(Process p, boolean ownGroup) throws Exception {
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    ProcessHandle sleeper =
        ProcessHandle.of(Long.parseLong(line.strip()))
            .orElseThrow(() -> new AssertionError("no process " + line));

    groups.kill(p, ownGroup);

    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcScan.alive(sleeper.pid()) && System.nanoTime() < end) {
      Thread.sleep(10); // a killed child of a subreaper JVM stays a zombie until reaped
    }
    assertFalse("the child is gone too", ProcScan.alive(sleeper.pid()));
  }
}
