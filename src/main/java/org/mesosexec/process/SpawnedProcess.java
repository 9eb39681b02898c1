package org.mesosexec.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mesosexec.work.Signal;

/**
 * A child started through {@link PosixSpawn} and reaped by the {@link ChildReaper}, as a {@link
 * Process}: its exit value is the JDK's (128+N when signal N killed it), it has no streams (its
 * descriptors 0 to 2 are files), and it is signalled only until it has been reaped, so that a
 * signal never reaches a process that took over its pid. Thread-safe.
 */
final class SpawnedProcess extends Process {
  private final long pid;
  private final CompletableFuture<Integer> exit;
  private final LibC libc;

  /**
   * @param exit completes with the exit value once the child has been reaped
   */
  SpawnedProcess(long pid, CompletableFuture<Integer> exit, LibC libc) {
    this.pid = pid;
    this.exit = Objects.requireNonNull(exit);
    this.libc = Objects.requireNonNull(libc);
  }

  /** Starts a child with {@code spawn} and has {@code reaper} collect its exit. */
  static SpawnedProcess start(SpawnedChildren.Start spawn, ChildReaper reaper, LibC libc)
      throws LaunchException {
    long pid = SpawnedChildren.start(spawn);
    return new SpawnedProcess(pid, reaper.watch(pid), libc);
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.thenApply(v -> this);
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public int exitValue() {
    if (isAlive()) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exit.join();
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void destroy() {
    signal(Signal.TERM);
  }

  @Override
  public Process destroyForcibly() {
    signal(Signal.KILL);
    return this;
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  private void signal(Signal signal) {
    if (isAlive()) {
      libc.kill((int) pid, signal.number());
    }
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid)
        .filter(h -> isAlive())
        .orElseThrow(() -> new IllegalStateException("process " + pid + " has been reaped"));
  }

  @Override
  public Stream<ProcessHandle> children() {
    return isAlive() ? ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children) : none();
  }

  @Override
  public Stream<ProcessHandle> descendants() {
    return isAlive() ? ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants) : none();
  }

  private static Stream<ProcessHandle> none() {
    return Stream.empty();
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }
}
