package org.mesosexec.jvm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.mesosexec.files.OpenFile;

/**
 * A jar of one task's class path, held open from the task's start: a jar replaced on disk while the
 * task runs leaves the task on the file it started with. It is open as a jar from the start when
 * {@link ClassPath} had to open it to know it is a jar; a jar whose identity the executor has
 * opened before is held as a descriptor only, opened as a jar through it if the task reads what the
 * {@link JarCache} does not hold. Closed with the task's class loader. Thread-safe: its lock guards
 * the opening.
 */
final class TaskJar implements Closeable {
  private static final AtomicReference<Map.Entry<Path, URL>> LAST_URL = new AtomicReference<>();

  private final Path real;
  private final URL url;
  private final OpenFile held;
  private final Optional<JarIdentity> identity;
  private final Set<String> index; // the names of its entries, when known without opening it
  private JarFile file; // guarded by this
  private volatile boolean closed;

  private TaskJar(
      Path real, OpenFile held, JarFile file, Optional<JarIdentity> identity, Set<String> index) {
    this.real = Objects.requireNonNull(real);
    this.held = Objects.requireNonNull(held);
    this.file = file;
    this.identity = Objects.requireNonNull(identity);
    this.index = index;
    this.url = urlOf(real);
  }

  /**
   * The {@code file:} URL of {@code real}, as File.toURI gives for a file, without asking the file
   * system whether it is one. The last one made is kept: tasks mostly load from the same jar, and
   * making one (quoting, then parsing) is a good part of opening a known jar.
   */
  private static URL urlOf(Path real) {
    Map.Entry<Path, URL> last = LAST_URL.get();
    if (last != null && last.getKey().equals(real)) {
      return last.getValue();
    }
    try {
      URL url = new URI("file", null, real.toString(), null).toURL();
      LAST_URL.set(Map.entry(real, url));
      return url;
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A jar just opened from {@code held}; {@code identity} is empty when the file changed while it
   * was opened, and nothing read from it is then shared with other tasks.
   */
  static TaskJar opened(Path real, OpenFile held, JarFile file, Optional<JarIdentity> identity) {
    return new TaskJar(real, held, Objects.requireNonNull(file), identity, null);
  }

  /**
   * A jar opened before with this identity, whose entries are {@code index}; {@code held} holds a
   * descriptor of the file with that identity, through which it is opened when needed.
   */
  static TaskJar known(JarIdentity identity, Set<String> index, OpenFile held) {
    if (!held.heldOpen()) {
      throw new IllegalArgumentException(held + " is not held open");
    }
    return new TaskJar(
        identity.real(), held, null, Optional.of(identity), Objects.requireNonNull(index));
  }

  /** The jar's real path, as messages name it. */
  String name() {
    return real.toString();
  }

  /** The {@code file:} URL of the jar. */
  URL url() {
    return url;
  }

  /** The file it was read from, when nothing read from it may be shared. */
  Optional<JarIdentity> identity() {
    return identity;
  }

  /**
   * Whether the jar has an entry of that name, a directory's {@code name/} included as {@link
   * JarFile#getJarEntry} finds it.
   *
   * @throws IOException once closed, as a closed jar file throws
   */
  boolean has(String entry) throws IOException {
    if (closed) {
      throw new IOException("the task's class loader is closed");
    }
    if (index != null) {
      return index.contains(entry) || index.contains(entry + "/");
    }
    return file().getJarEntry(entry) != null;
  }

  /** Reads the entry {@code name}, opening the jar if it is not open yet. */
  InputStream open(String name) throws IOException {
    JarFile jar = file();
    JarEntry entry = jar.getJarEntry(name);
    if (entry == null) {
      throw new IOException(name + " is not in " + real);
    }
    return jar.getInputStream(entry);
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    try {
      if (file != null) {
        file.close();
      }
    } finally {
      held.close();
    }
  }

  /**
   * The jar, opened through the descriptor held since the task started. A file renamed over it
   * changes nothing; one rewritten in place (the same inode) no longer matches what the cache holds
   * of it, and is refused.
   */
  private synchronized JarFile file() throws IOException {
    if (closed) {
      throw new IOException("the task's class loader is closed");
    }
    if (file == null) {
      JarFile opened =
          new JarFile(held.path().toFile(), true, ZipFile.OPEN_READ, Runtime.version());
      if (!identity.orElseThrow().sameContentAs(JarIdentity.of(real, held))) {
        opened.close();
        throw new IOException(real + " was rewritten in place since the task started");
      }
      file = opened;
    }
    return file;
  }
}
