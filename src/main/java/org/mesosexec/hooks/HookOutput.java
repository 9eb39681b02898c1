package org.mesosexec.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What an executable hook wrote on one stream: the first 64 KiB, readable while the stream is still
 * open, each line logged as it comes. Written by one reader thread, read by any.
 */
final class HookOutput {
  private static final Logger LOG = LogManager.getLogger(HookOutput.class);
  static final int MAX_OUTPUT = 64 * 1024;

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final String name;
  private final String stream;

  /**
   * @param name the hook, as the log names it
   * @param stream {@code stdout} or {@code stderr}
   */
  HookOutput(String name, String stream) {
    this.name = name;
    this.stream = stream;
  }

  /** Completes at the stream's end. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  /** Everything kept so far; all of it once {@link #ended} is complete. */
  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  private synchronized void keep(byte[] buf, int n) {
    kept.write(buf, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
  }

  /** Reads {@code in} to its end (on the calling thread), then completes {@link #ended}. */
  void read(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (in) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        keep(buf, n);
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            logLine(line);
          } else if (line.size() < MAX_OUTPUT) {
            line.write(buf[i]);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("Reading {} of hook {}: {}", stream, name, e.toString());
    }
    logLine(line);
    ended.complete(null);
  }

  private void logLine(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (!text.isBlank()) {
      LOG.info("Hook {} {}: {}", name, stream, text);
    }
  }
}
