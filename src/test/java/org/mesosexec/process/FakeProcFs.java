package org.mesosexec.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A made-up {@code /proc} in a directory, for {@link ProcFs}: processes with a stat line, an
 * environment and children per thread. Pids are above the kernel's largest, so that none is taken
 * for a real process.
 */
final class FakeProcFs {
  static final long SELF = 5_000_000;

  private final Path root;
  private final Map<Long, List<Long>> children = new HashMap<>();

  FakeProcFs(Path root) throws IOException {
    this.root = root;
    // ProcFs reads children per thread when the JVM's own thread has a children file.
    Path own = root.resolve("self/task").resolve(Long.toString(ProcessHandle.current().pid()));
    Files.createDirectories(own);
    Files.writeString(own.resolve("children"), "");
    process(SELF, 1, SELF, SELF, 'S', null);
  }

  ProcFs procFs() {
    return new ProcFs(root);
  }

  /** Adds a process; {@code marker} null for an environment without the marker. */
  FakeProcFs process(long pid, long ppid, long pgid, long sid, char state, String marker)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(Long.toString(pid)));
    StringBuilder stat =
        new StringBuilder(pid + " (fake proc) " + state + " " + ppid + " " + pgid + " " + sid);
    for (int field = 7; field <= 22; field++) {
      stat.append(' ').append(field == 22 ? 1000 + pid % 1000 : 0);
    }
    Files.writeString(dir.resolve("stat"), stat + "\n", StandardCharsets.ISO_8859_1);
    String env =
        "PATH=/bin\0"
            + (marker == null ? "" : ProcessTracker.MARKER_VARIABLE + "=" + marker + "\0");
    Files.writeString(dir.resolve("environ"), env, StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("task").resolve(Long.toString(pid)));
    writeChildren(pid);
    if (pid != ppid && Files.isDirectory(root.resolve(Long.toString(ppid)))) {
      children.computeIfAbsent(ppid, p -> new ArrayList<>()).add(pid);
      writeChildren(ppid);
    }
    return this;
  }

  /** Empties a process's environment, as the kernel shows it in the middle of an exec. */
  void unreadableEnvironment(long pid) throws IOException {
    Files.writeString(root.resolve(Long.toString(pid)).resolve("environ"), "");
  }

  private void writeChildren(long pid) throws IOException {
    StringBuilder text = new StringBuilder();
    for (long child : children.getOrDefault(pid, List.of())) {
      text.append(child).append(' ');
    }
    Files.writeString(
        root.resolve(Long.toString(pid))
            .resolve("task")
            .resolve(Long.toString(pid))
            .resolve("children"),
        text.toString());
  }
}
