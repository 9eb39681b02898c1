package org.mesosexec.process;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.mesosexec.time.Threads;

/**
 * JNA's start (unpacking and loading its native stub, then binding libc: about a tenth of the
 * executor's start-up) on a thread of its own, begun as soon as the sandbox is known, so that it
 * runs beside Log4j's start rather than after it. {@link LibC#load(Path)} takes what it loaded,
 * waiting for it if need be; a load that fails is reported there, on the caller's thread, once
 * logging is up. At most one is ever waiting to be taken.
 */
public final class LibcPreload {
  private static final AtomicReference<Loading> STARTED = new AtomicReference<>();

  private record Loading(Path scratch, CompletableFuture<LibC> libc) {}

  private LibcPreload() {}

  /**
   * Starts loading libc with JNA's stub unpacked under {@code scratch}; see {@link
   * LibC#load(Path)}.
   */
  public static void start(Path scratch) {
    CompletableFuture<LibC> libc = new CompletableFuture<>();
    if (!offer(scratch, libc)) {
      return; // one is waiting already: the executor's parts take that one
    }
    Threads.start(
        "libc-load",
        () -> {
          try {
            libc.complete(LibC.loadUnder(scratch));
          } catch (Throwable e) { // whatever it is, the taker must not wait for ever
            libc.completeExceptionally(e);
          }
        });
  }

  /** Leaves {@code libc} for {@link #take}; false when another is waiting already. */
  static boolean offer(Path scratch, CompletableFuture<LibC> libc) {
    return STARTED.compareAndSet(null, new Loading(Objects.requireNonNull(scratch), libc));
  }

  /**
   * What the load started for {@code scratch} gave, waiting for its end: libc, or the error that
   * kept JNA from loading it; empty when none was started for it (or it was taken already).
   */
  static Optional<CompletableFuture<LibC>> take(Path scratch) {
    Loading loading = STARTED.get();
    if (loading == null
        || !loading.scratch().equals(scratch)
        || !STARTED.compareAndSet(loading, null)) {
      return Optional.empty();
    }
    return Optional.of(loading.libc());
  }
}
