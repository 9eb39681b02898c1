package org.mesosexec.jvm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * A jar of one task's class path. It is open from the start when {@link ClassPath} had to open it
 * to know it is a jar; a jar whose identity the executor has opened before is opened only if the
 * task reads from it what the {@link JarCache} does not hold, and then only while its file still
 * has that identity. Closed with the task's class loader. Thread-safe: its lock guards the opening.
 */
final class TaskJar implements Closeable {
  private final Path real;
  private final URL url;
  private final Optional<JarIdentity> identity;
  private final Set<String> index; // the names of its entries, when known without opening it
  private JarFile file; // guarded by this
  private boolean closed; // guarded by this

  private TaskJar(Path real, JarFile file, Optional<JarIdentity> identity, Set<String> index) {
    this.real = Objects.requireNonNull(real);
    this.file = file;
    this.identity = Objects.requireNonNull(identity);
    this.index = index;
    try { // as File.toURI gives for a file, without asking the file system whether it is one
      this.url = new URI("file", null, real.toString(), null).toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A jar just opened from {@code real}; {@code identity} is empty when the file changed while it
   * was opened, and nothing read from it is then shared with other tasks.
   */
  static TaskJar opened(Path real, JarFile file, Optional<JarIdentity> identity) {
    return new TaskJar(real, Objects.requireNonNull(file), identity, null);
  }

  /** A jar opened before with this identity, whose entries are {@code index}; not opened yet. */
  static TaskJar known(JarIdentity identity, Set<String> index) {
    return new TaskJar(identity.real(), null, Optional.of(identity), Objects.requireNonNull(index));
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

  /** Whether the jar has an entry of that name. */
  boolean has(String entry) throws IOException {
    return index != null ? index.contains(entry) : file().getJarEntry(entry) != null;
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
    if (file != null) {
      file.close();
    }
  }

  private synchronized JarFile file() throws IOException {
    if (closed) {
      throw new IOException("the task's class loader is closed");
    }
    if (file == null) {
      JarFile opened = new JarFile(real.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
      JarIdentity now = JarIdentity.of(real, JarIdentity.attributes(real));
      if (!now.equals(identity.orElseThrow())) {
        opened.close();
        throw new IOException(real + " changed on disk since the task started");
      }
      file = opened;
    }
    return file;
  }
}
