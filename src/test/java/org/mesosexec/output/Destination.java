package org.mesosexec.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender;
import org.apache.logging.log4j.core.appender.OutputStreamManager;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * A destination of events under a test's control, behind a Log4j stream appender that flushes at
 * the end of each batch only and hands its failures on, as the shipped Socket configuration does:
 * its first write waits until {@link #release}, writes begun after {@link #fail} fail, and an event
 * whose message contains {@code error} throws an {@link Error} in the appender.
 */
final class Destination extends OutputStream {
  private final CountDownLatch writing = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final StringBuilder written = new StringBuilder();
  private volatile boolean failing;
  private final LoggerContext context = new LoggerContext("destination-" + System.nanoTime());

  /** The events logger of a context of its own, whose only appender writes here. */
  Logger logger() {
    context.start(new DefaultConfiguration());
    Appender appender =
        new Appender(new OutputStreamManager(this, "destination", null, false, 8192) {});
    appender.start();
    org.apache.logging.log4j.core.Logger logger = context.getLogger(EventShipper.LOGGER);
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    return logger;
  }

  void stop() {
    context.stop();
  }

  /** Waits until the first write has begun. */
  void awaitWriting() throws InterruptedException {
    writing.await();
  }

  void release() {
    released.countDown();
  }

  void fail() {
    failing = true;
  }

  synchronized String written() {
    return written.toString();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    boolean fail = failing; // a write begun before fail() goes through
    writing.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (fail) {
      throw new IOException("the destination went away");
    }
    synchronized (this) {
      written.append(new String(b, off, len, StandardCharsets.UTF_8));
    }
  }

  /** Flushes at the end of a batch only, and does not ignore exceptions. */
  private static final class Appender extends AbstractOutputStreamAppender<OutputStreamManager> {
    Appender(OutputStreamManager manager) {
      super(
          "events",
          PatternLayout.newBuilder().setPattern("%m%n").build(),
          null,
          false,
          false,
          null,
          manager);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getMessage().getFormattedMessage().contains("error")) {
        throw new AssertionError("an Error in the appender");
      }
      super.append(event);
    }
  }
}
