package org.mesosexec.health;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CheckStatusInfo;
import org.mesosexec.health.Prober.Attempt;

/**
 * Runs HTTP checks through one shared JDK {@link HttpClient} on the executor's workers, made on the
 * first HTTP check (with its selector thread). Thread-safe.
 */
final class HttpProber {
  static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

  private final Executor workers;
  private HttpClient http;

  HttpProber(Executor workers) {
    this.workers = Objects.requireNonNull(workers);
  }

  /** See {@link OsProber#allowConnectionHeader()}. */
  static void allowConnectionHeader() {
    String restricted = System.getProperty(RESTRICTED_HEADERS, "");
    if (!restricted.toLowerCase(Locale.ROOT).contains("connection")) {
      System.setProperty(
          RESTRICTED_HEADERS, restricted.isEmpty() ? "connection" : restricted + ",connection");
    }
  }

  Attempt start(Probe.Http probe, Optional<Duration> timeout) {
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = client().sendAsync(request(probe, timeout), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      return Attempt.done(Outcome.noAnswer(probe, "HTTP GET " + probe.url() + " failed: " + e));
    }
    CompletableFuture<Outcome> result =
        sent.handle(
            (response, error) -> {
              if (error != null) {
                return Outcome.noAnswer(
                    probe, "HTTP GET " + probe.url() + " failed: " + ProbeErrors.why(error));
              }
              int code = response.statusCode();
              CheckStatusInfo status =
                  CheckStatusInfo.newBuilder()
                      .setType(CheckInfo.Type.HTTP)
                      .setHttp(CheckStatusInfo.Http.newBuilder().setStatusCode(code))
                      .build();
              return new Outcome(
                  code >= 200 && code < 400,
                  "HTTP GET " + probe.url() + " returned " + code,
                  status);
            });
    return new Attempt(result, () -> sent.cancel(true));
  }

  private static HttpRequest request(Probe.Http probe, Optional<Duration> timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(probe.url()))
            .GET()
            .header("User-Agent", "mesos-task-executor health check");
    try {
      request.header("Connection", "close"); // a new connection each time, as curl for Mesos
    } catch (IllegalArgumentException restricted) {
      // The header was not allowed when the JVM's HTTP client loaded: connections are reused.
    }
    timeout.ifPresent(request::timeout);
    return request.build();
  }

  /**
   * The shared client, made on first use. As curl {@code -k} for Mesos, HTTPS checks do not verify
   * the task's certificate: the check talks to the task on loopback by address.
   */
  private synchronized HttpClient client() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
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
    } catch (GeneralSecurityException e) {
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
}
