package org.mesosexec.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.time.Scheduler;

/**
 * Runs check attempts for real: commands through the executor's launcher (own session, whole tree
 * killed on abort), HTTP through one shared JDK HTTP client on the executor's workers, TCP through
 * a non-blocking socket polled on the executor's timer. No thread of its own, apart from the HTTP
 * client's selector, made on the first HTTP check. Thread-safe.
 */
public final class OsProber implements Prober {
  private final CommandProber command;
  private final HttpProber http;
  private final TcpProber tcp;

  /**
   * @param files how command checks' output files are made
   * @param root the sandbox: command checks' output files are reached from it without links
   */
  public OsProber(
      ProcessLauncher launcher,
      Scheduler scheduler,
      Executor workers,
      SandboxFiles files,
      Path root) {
    this.command = new CommandProber(launcher, workers, files, root);
    this.http = new HttpProber(workers);
    this.tcp = new TcpProber(scheduler);
  }

  /**
   * Lets HTTP checks send {@code Connection: close}, so that each check opens a new connection as
   * Mesos' checks (curl) do. The JDK's HTTP client reads this JVM-wide property once, when its
   * classes first load: call it at start-up, before anything uses the client. Without it, checks
   * still work, on reused connections.
   */
  public static void allowConnectionHeader() {
    HttpProber.allowConnectionHeader();
  }

  @Override
  public Attempt start(Probe probe, Target target, Optional<Duration> timeout) {
    if (probe instanceof Probe.Command c) {
      return command.start(c, target);
    }
    if (probe instanceof Probe.Http h) {
      return http.start(h, timeout);
    }
    return tcp.start((Probe.Tcp) probe);
  }
}
