package org.mesosexec.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.work.RunningWork;

/** Real tasks that run a shell script, as the process tests launch them. */
final class ShellTasks {
  private ShellTasks() {}

  /**
   * Launches {@code /bin/sh -c script} in the test's folder with only a plain {@code PATH}; its
   * stdout and stderr both go to a new file there.
   */
  static RunningWork launch(ProcessLauncher launcher, TemporaryFolder tmp, String script)
      throws IOException, LaunchException {
    Path out = tmp.newFile().toPath();
    return launcher.launch(
        new LaunchRequest(
            List.of("/bin/sh", "-c", script),
            Map.of("PATH", "/usr/bin:/bin"),
            tmp.getRoot().toPath(),
            out,
            out,
            Optional.empty()));
  }
}
