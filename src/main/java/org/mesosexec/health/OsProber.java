package org.mesosexec.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.files.OpenFile;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.process.ProcessLauncher;
import org.mesosexec.process.Signal;
import org.mesosexec.process.TaskProcess;
import org.mesosexec.time.Scheduler;
import org.mesosexec.time.Scheduler.Cancellable;

/**
 * Runs check attempts for real: commands through the executor's launcher (own session, whole tree
 * killed on abort), HTTP through one shared JDK {@link HttpClient} on the executor's workers, TCP
 * through a non-blocking socket polled on the executor's timer. No thread of its own, apart from
 * the HTTP client's selector, made on the first HTTP check.
 */
public final class OsProber implements Prober {
  /** How much of a command check's output is read for the status message. */
  private static final int OUTPUT_TAIL = 4096;
  private static final int MAX_LINE = 512;
  private static final Duration FIRST_POLL = Duration.ofMillis(1);
  private static final Duration MAX_POLL = Duration.ofMillis(100);

  static {
    // Read once by the JDK's HTTP client, when its classes first load: set before any use.
    String restricted = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
    if (!restricted.toLowerCase(java.util.Locale.ROOT).contains("connection")) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders",
          restricted.isEmpty() ? "connection" : restricted + ",connection");
    }
  }

  private final ProcessLauncher launcher;
  private final Scheduler scheduler;
  private final Executor workers;
  private final SandboxFiles files;
  private final Path root;
  private HttpClient http;

  /**
   * @param files how command checks' output files are made
   * @param root the sandbox: command checks' output files are reached from it without links
   */
  public OsProber(ProcessLauncher launcher, Scheduler scheduler, Executor workers,
      SandboxFiles files, Path root) {
    this.launcher = Objects.requireNonNull(launcher);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.workers = Objects.requireNonNull(workers);
    this.files = Objects.requireNonNull(files);
    this.root = Objects.requireNonNull(root);
  }

  @Override
  public Attempt start(Probe probe, Target target, Optional<Duration> timeout) {
    if (probe instanceof Probe.Command c) {
      return command(c, target);
    }
    if (probe instanceof Probe.Http h) {
      return http(h, timeout);
    }
    return tcp((Probe.Tcp) probe);
  }

  // ---- COMMAND ----

  private Attempt command(Probe.Command probe, Target target) {
    Map<String, String> env = new HashMap<>(target.environment());
    env.putAll(probe.env());
    OpenFile output;
    try {
      // A new file each time, never one a task left there (a link, a FIFO, a hard link).
      output = files.replace(root, target.output());
    } catch (IOException e) {
      return Attempt.done(Outcome.noAnswer(probe, "the command could not start: cannot make its"
          + " output file: " + e.getMessage()));
    }
    TaskProcess process;
    try {
      process = launcher.launch(new LaunchRequest(probe.argv(), env, target.directory(),
          output.path(), output.path(), probe.user().or(target::user)));
    } catch (LaunchException e) {
      output.close();
      return Attempt.done(Outcome.noAnswer(probe, "the command could not start: " + e.getMessage()));
    }
    CompletableFuture<Outcome> result = process.onExit().toCompletableFuture()
        .thenApplyAsync(status -> commandEnded(process, status, output.path()), workers);
    result.whenComplete((outcome, error) -> output.close());
    return new Attempt(result, () -> process.signalAll(Signal.KILL));
  }

  private static Outcome commandEnded(TaskProcess process, ExitStatus status, Path output) {
    if (!process.remaining().isEmpty()) {
      process.signalAll(Signal.KILL); // a check must not leave processes behind
    }
    String line = lastLine(output);
    String detail = status.describe() + (line.isEmpty() ? "" : ": " + line);
    CheckStatusInfo checkStatus = CheckStatusInfo.newBuilder()
        .setType(CheckInfo.Type.COMMAND)
        .setCommand(CheckStatusInfo.Command.newBuilder().setExitCode(status.exitCode()))
        .build();
    return new Outcome(status.exitCode() == 0 && status.signal().isEmpty(), detail, checkStatus);
  }

  /**
   * The last non-blank line of the check's output, cut to a readable length; {@code output} is the
   * descriptor path of the file the check wrote, so nothing is opened by name.
   */
  static String lastLine(Path output) {
    try (FileChannel ch = FileChannel.open(output, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.min(size, OUTPUT_TAIL);
      ByteBuffer buf = ByteBuffer.allocate(n);
      ch.read(buf, size - n);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
      String[] lines = text.split("\r?\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.isEmpty()) {
          return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  // ---- HTTP ----

  private Attempt http(Probe.Http probe, Optional<Duration> timeout) {
    HttpClient client = client();
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(probe.url()))
          .GET()
          .header("User-Agent", "mesos-task-executor health check");
      try {
        request.header("Connection", "close"); // a new connection each time, as curl for Mesos
      } catch (IllegalArgumentException restricted) {
        // The JVM's HTTP client was loaded before this class: connections are reused then.
      }
      timeout.ifPresent(request::timeout);
      sent = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      return Attempt.done(Outcome.noAnswer(probe, "HTTP GET " + probe.url() + " failed: " + e));
    }
    CompletableFuture<Outcome> result = sent.handle((response, error) -> {
      if (error != null) {
        return Outcome.noAnswer(probe, "HTTP GET " + probe.url() + " failed: " + why(error));
      }
      int code = response.statusCode();
      CheckStatusInfo status = CheckStatusInfo.newBuilder()
          .setType(CheckInfo.Type.HTTP)
          .setHttp(CheckStatusInfo.Http.newBuilder().setStatusCode(code))
          .build();
      return new Outcome(code >= 200 && code < 400,
          "HTTP GET " + probe.url() + " returned " + code, status);
    });
    return new Attempt(result, () -> sent.cancel(true));
  }

  /**
   * The shared client, made on first use. As curl {@code -k} for Mesos, HTTPS checks do not
   * verify the task's certificate: the check talks to the task on loopback by address.
   */
  private synchronized HttpClient client() {
    if (http == null) {
      http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .sslContext(trustingEverything())
          .executor(workers)
          .build();
    }
    return http;
  }

  private static SSLContext trustingEverything() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  /**
   * Accepts any certificate, as curl {@code -k} does. Being an extended trust manager, it is also
   * where the host name would be checked: it is not.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  // ---- TCP ----

  private Attempt tcp(Probe.Tcp probe) {
    String where = Probe.host(probe.ipv6()) + ":" + probe.port();
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
    } catch (IOException e) {
      return Attempt.done(Outcome.noAnswer(probe, "TCP connection to " + where + " failed: " + e));
    }
    TcpConnect connect = new TcpConnect(probe, where, channel);
    connect.begin();
    return new Attempt(connect.result, connect::close);
  }

  /** One non-blocking connect, polled with a doubling delay until it completes or is aborted. */
  private final class TcpConnect {
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private final Probe.Tcp probe;
    private final String where;
    private final SocketChannel channel;
    private Duration delay = FIRST_POLL;
    private Cancellable timer = () -> {};

    TcpConnect(Probe.Tcp probe, String where, SocketChannel channel) {
      this.probe = probe;
      this.where = where;
      this.channel = channel;
    }

    void begin() {
      try {
        InetAddress address = InetAddress.getByName(probe.ipv6() ? "::1" : "127.0.0.1");
        if (channel.connect(new InetSocketAddress(address, probe.port()))) {
          connected();
        } else {
          poll();
        }
      } catch (IOException e) {
        refused(e);
      }
    }

    private synchronized void poll() {
      if (!result.isDone()) {
        timer = scheduler.schedule(delay, this::look);
        Duration next = delay.multipliedBy(2);
        delay = next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
      }
    }

    private void look() {
      try {
        if (channel.finishConnect()) {
          connected();
        } else {
          poll();
        }
      } catch (IOException e) {
        refused(e);
      }
    }

    private void connected() {
      closeChannel();
      result.complete(new Outcome(true, "TCP connection to " + where + " succeeded",
          tcpStatus(true)));
    }

    private void refused(IOException e) {
      closeChannel();
      if (!result.isDone()) {
        result.complete(new Outcome(false, "TCP connection to " + where + " failed: " + why(e),
            tcpStatus(false)));
      }
    }

    synchronized void close() {
      timer.cancel();
      closeChannel();
    }

    private void closeChannel() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do: the check is over either way
      }
    }
  }

  private static CheckStatusInfo tcpStatus(boolean succeeded) {
    return CheckStatusInfo.newBuilder()
        .setType(CheckInfo.Type.TCP)
        .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(succeeded))
        .build();
  }

  /** An I/O failure in words: the innermost cause's message, or its kind. */
  private static String why(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e.getCause() != null && e.getMessage() == null)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isEmpty())) {
      return "connection refused";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
