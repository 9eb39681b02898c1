package org.mesosexec.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes left alive, read from Linux's {@code /proc}: what a test checks after a run to
 * prove that no task process outlived it. Zombies count as gone: they no longer run, and in a
 * container whose init does not reap, orphans stay zombies for ever.
 */
public final class ProcessTable {
  private ProcessTable() {}

  /** The live processes whose process group is {@code pgid}, as {@code "pid comm"}. */
  public static List<String> liveInGroup(long pgid) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        String[] rest = stat.substring(close + 2).split(" ");
        if (!rest[0].equals("Z") && Long.parseLong(rest[2]) == pgid) {
          found.add(p.getFileName() + " " + stat.substring(stat.indexOf('(') + 1, close));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read /proc", e);
    }
    return found;
  }

  /**
   * Waits until no live process is left in group {@code pgid} and returns what is left then:
   * empty on success. A process killed a moment ago may take a little while to go.
   */
  public static List<String> awaitGroupGone(long pgid, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> left = liveInGroup(pgid);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = liveInGroup(pgid);
    }
    return left;
  }

  /** Kills what a test found left over, so that one failure does not leak into the next test. */
  public static void killGroup(long pgid) {
    for (String proc : liveInGroup(pgid)) {
      long pid = Long.parseLong(proc.substring(0, proc.indexOf(' ')));
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
