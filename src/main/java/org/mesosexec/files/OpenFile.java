package org.mesosexec.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mesosexec.process.LibC;

/**
 * A file under the sandbox that the executor has opened without following links. Java code and
 * {@link ProcessBuilder} redirects reach this very file through {@link #path()}: {@code
 * /proc/self/fd/N}, a link the kernel resolves to the open file itself, never to whatever the name
 * now points at. Valid until {@link #close()}; closing twice is harmless.
 */
public final class OpenFile implements AutoCloseable {
  private final int fd;
  private final Path name;
  private final LibC libc;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A file opened through libc; {@code fd} is closed with it. */
  OpenFile(int fd, Path name, LibC libc) {
    this.fd = fd;
    this.name = Objects.requireNonNull(name);
    this.libc = Objects.requireNonNull(libc);
  }

  /** A file known by name only (no native calls): {@link #path()} is the name itself. */
  OpenFile(Path name) {
    this.fd = -1;
    this.name = Objects.requireNonNull(name);
    this.libc = null;
  }

  /** Where to open this file from Java: the open file itself, or its name without native calls. */
  public Path path() {
    return fd < 0 ? name : Path.of("/proc/self/fd/" + fd);
  }

  /**
   * Whether {@link #path()} reaches the open file itself, whatever has its name now; false for a
   * file known by name only.
   */
  public boolean heldOpen() {
    return fd >= 0;
  }

  /** The file's name under the sandbox, for messages. */
  public Path name() {
    return name;
  }

  /** The open file's own attributes (a stat of the file, not of whatever has its name now). */
  public BasicFileAttributes attributes() throws IOException {
    return Files.readAttributes(path(), BasicFileAttributes.class);
  }

  @Override
  public void close() {
    if (fd >= 0 && closed.compareAndSet(false, true)) {
      libc.close(fd); // once only: the number may belong to another file right after
    }
  }

  @Override
  public String toString() {
    return name + (fd < 0 ? "" : " (fd " + fd + ")");
  }
}
