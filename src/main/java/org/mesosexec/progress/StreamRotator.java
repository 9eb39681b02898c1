package org.mesosexec.progress;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.output.Rotation;
import org.mesosexec.time.Backoff;

/**
 * Rotates the stream a {@link FileTail} follows: decides when, rotates, and tells the follower
 * where it reads on and how soon it looks again. The stream is due as soon as a look finds it
 * within what it grows by between two looks ({@link Pace}) of its cap, so that the next look finds
 * it under the cap.
 *
 * <p>The bound comes first. Reading a rotated stream is bounded in time: between two slices the
 * follower asks {@link #stopReading}, which looks at the stream's size after every {@link
 * #CHECK_NANOS} of reading, and once the stream is due the follower stops and rotates it first (the
 * rotation reads on into memory, without handing anything on before its truncate). After the
 * truncate, the rotation hands what it read on until the new stream may pass its cap before a look
 * could rotate it ({@link #REACTION_NANOS}); the rest is kept in the rotated files, unread and
 * counted. A writer faster than the follower is so seen in part, and its task directory stays
 * within its bound.
 *
 * <p>A rotation that fails (a rotated file cannot be made or written) hands nothing on, and the
 * stream is not rotated again before a back-off: from {@link #FIRST_RETRY}, doubling up to {@link
 * #LAST_RETRY}. Guarded by the follower's owner, as its {@link FileTail}.
 */
final class StreamRotator implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StreamRotator.class);

  /** Reading time after which the follower looks at whether the stream is due. */
  static final long CHECK_NANOS = 1_000_000;

  /**
   * How long the next look takes to truncate a stream it finds due, allowed for when a rotation
   * decides whether to hand on more of what it read: the hand-off of the look to a worker, one
   * {@link #CHECK_NANOS} of reading, and the rotation's copy of up to a cap, on a loaded machine.
   */
  static final long REACTION_NANOS = 5 * CHECK_NANOS;

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LAST_RETRY = Duration.ofMinutes(1);

  private final Rotation rotation;
  private final LongSupplier ticker;
  private final Pace pace = new Pace();
  private Backoff retries = new Backoff(FIRST_RETRY, LAST_RETRY);
  private boolean failed;
  private long retryAt;

  private Object fileKey;
  private long now;
  private long checkedAt;
  private Urgency urgency = Urgency.REGULAR;

  /** Whether the follower took all the rotation handed it, so far. */
  private boolean handingOn;

  /**
   * @param ticker the time within a look, in nanoseconds: what bounds its reading
   */
  StreamRotator(Rotation rotation, LongSupplier ticker) {
    this.rotation = Objects.requireNonNull(rotation);
    this.ticker = Objects.requireNonNull(ticker);
  }

  /**
   * A look at {@code now} (nanoseconds) found the followed file, whose key is {@code fileKey},
   * {@code size} bytes long; the follower reads it next.
   */
  void looked(Object fileKey, long size, long now) {
    this.fileKey = fileKey;
    this.now = now;
    pace.look(size, now);
    checkedAt = ticker.getAsLong();
    urgency = Urgency.REGULAR;
  }

  /** Whether the follower stops reading, between two slices, for the stream is due. */
  boolean stopReading() {
    return checkAgain() && due(pace.lead());
  }

  /** Whether a rotation stops handing on what it read: the new stream must be rotated soon. */
  private boolean stopHandingOn() {
    return checkAgain() && due(pace.lead(REACTION_NANOS));
  }

  /** Whether {@link #CHECK_NANOS} have passed since the last look at the size. */
  private boolean checkAgain() {
    long t = ticker.getAsLong();
    if (t - checkedAt < CHECK_NANOS) {
      return false;
    }
    checkedAt = t;
    return true;
  }

  private boolean backingOff() {
    return failed && now - retryAt < 0;
  }

  private boolean due(long lead) {
    if (backingOff()) {
      return false;
    }
    try {
      return rotation.due(fileKey, lead);
    } catch (IOException e) {
      return false; // the stream cannot be measured: read on, as without a rotation
    }
  }

  /**
   * Ends a look that found the stream {@code size} bytes and read it to {@code position}: rotates
   * it if it is due, handing what the rotation reads to {@code lines}.
   *
   * @return where the follower reads on
   */
  long rotateIfDue(long position, long size, Lines lines) {
    if (!due(pace.lead())) {
      // The size now: a look that read for long may find the stream grown since it began.
      boolean soon = !backingOff() && pace.soonPast(sizeNow(size), rotation.maxSize());
      urgency = soon ? Urgency.SOON : Urgency.REGULAR;
      return position;
    }
    try {
      handingOn = true;
      Rotation.Moved moved =
          rotation.rotate(
              position,
              lines.maxBytes(),
              (buf, off, n) -> {
                lines.feed(buf, off, n);
                handingOn = !stopHandingOn();
                return handingOn;
              });
      failed = false;
      retries = new Backoff(FIRST_RETRY, LAST_RETRY);
      pace.truncated(moved.bytes());
      if (moved.unread() > 0) {
        lines.reset(); // the line under way went on in what was not read
      }
      // A hand-off stopped early stopped for the new stream is close to its cap already.
      boolean soon = !handingOn || pace.soonPast(sizeNow(0), rotation.maxSize());
      urgency = soon ? Urgency.ROTATED : Urgency.REGULAR;
      return 0;
    } catch (IOException e) {
      Duration wait = retries.next();
      failed = true;
      retryAt = now + wait.toNanos();
      LOG.warn(
          "Could not rotate {}: {}; trying again in {}, the stream grows past its cap until then",
          rotation.file(),
          e.toString(),
          wait);
      return position; // nothing was handed on: the follower reads on from where it was
    }
  }

  /** The stream's size now, or {@code otherwise} if it cannot be measured or was replaced. */
  private long sizeNow(long otherwise) {
    try {
      return rotation.size(fileKey).orElse(otherwise);
    } catch (IOException e) {
      return otherwise;
    }
  }

  /** How soon the stream wants its next look, after the last {@link #rotateIfDue}. */
  Urgency urgency() {
    return urgency;
  }

  @Override
  public void close() throws IOException {
    rotation.close();
  }
}
