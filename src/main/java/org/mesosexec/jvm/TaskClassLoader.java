package org.mesosexec.jvm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import org.mesosexec.api.Task;

/**
 * One JVM task's class loader: classes and resources from the task's jars (found by {@link
 * ClassPath}, read directly, never through the JDK's shared jar cache), parent {@link
 * ApiOnlyLoader}. The classes it defines have their exit calls rewritten ({@link ExitRewriter})
 * unless it is made for a child JVM. The class files it reads, as it defines them, are shared with
 * the executor's other task loaders through a {@link JarCache}; the classes themselves are its own.
 * {@link #close} closes the jars.
 */
final class TaskClassLoader extends ClassLoader implements Closeable {
  private static final String API_PACKAGE = Task.class.getPackageName() + ".";

  static {
    registerAsParallelCapable();
  }

  private final List<TaskJar> jars;
  private final List<ProtectionDomain> domains = new ArrayList<>();
  private final boolean rewriteExits;
  private final JarCache cache;
  private final URLStreamHandler handler = new EntryHandler();
  private volatile boolean closed;

  /**
   * @param cache what the executor's task loaders have read of their jars, which this one reads
   *     from and adds to
   */
  TaskClassLoader(String name, List<TaskJar> jars, boolean rewriteExits, JarCache cache) {
    super(name, ApiOnlyLoader.INSTANCE);
    this.jars = List.copyOf(jars);
    this.rewriteExits = rewriteExits;
    this.cache = Objects.requireNonNull(cache);
    for (TaskJar jar : jars) {
      domains.add(new ProtectionDomain(new CodeSource(jar.url(), (CodeSigner[]) null), null));
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (closed) {
      throw new ClassNotFoundException(name + ": the task's class loader is closed");
    }
    if (name.startsWith(API_PACKAGE)) { // a task's jar may bundle the API; the executor's is used
      throw new ClassNotFoundException(name + " is not a class of the executor's API");
    }
    String path = name.replace('.', '/') + ".class";
    for (int i = 0; i < jars.size(); i++) {
      TaskJar jar = jars.get(i);
      try {
        if (jar.has(path)) {
          byte[] code = classFile(jar, path);
          if (closed) { // closed while it read: defines nothing, as a closed jar would give nothing
            throw new ClassNotFoundException(name + ": the task's class loader is closed");
          }
          definePackageOf(name);
          return defineClass(name, code, 0, code.length, domains.get(i));
        }
      } catch (IOException | IllegalStateException e) {
        throw new ClassNotFoundException(name + " cannot be read from " + jar.name(), e);
      }
    }
    throw new ClassNotFoundException(name);
  }

  /** The class file at {@code path} as it is defined: from the cache, else read and rewritten. */
  private byte[] classFile(TaskJar jar, String path) throws IOException {
    byte[] cached = jar.identity().map(id -> cache.classFile(id, path)).orElse(null);
    if (cached != null) {
      return cached;
    }
    byte[] bytes;
    try (InputStream in = jar.open(path)) {
      bytes = in.readAllBytes();
    }
    byte[] code = rewriteExits ? ExitRewriter.rewrite(bytes) : bytes;
    jar.identity().ifPresent(id -> cache.putClassFile(id, path, code));
    return code;
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0 && getDefinedPackage(className.substring(0, dot)) == null) {
      try {
        definePackage(className.substring(0, dot), null, null, null, null, null, null, null);
      } catch (IllegalArgumentException raced) {
        // another thread defined it first: the same package
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    for (TaskJar jar : jars) {
      if (has(jar, name)) {
        return entryUrl(jar, name);
      }
    }
    return null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    List<URL> found = new ArrayList<>();
    for (TaskJar jar : jars) {
      if (has(jar, name)) {
        found.add(entryUrl(jar, name));
      }
    }
    return Collections.enumeration(found);
  }

  /** Whether {@code jar} has the resource; not once closed, nor when the jar cannot be read. */
  private boolean has(TaskJar jar, String name) {
    try {
      return !closed && jar.has(name);
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    ClassPath.closeAll(jars);
  }

  private URL entryUrl(TaskJar jar, String name) {
    try {
      return new URL("jar", "", -1, jar.url() + "!/" + name, handler);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a resource URL of this loader from the jar it came from. */
  private final class EntryHandler extends URLStreamHandler {
    @Override
    protected URLConnection openConnection(URL url) throws IOException {
      String spec = url.toString();
      int bang = spec.indexOf("!/");
      String name = spec.substring(bang + 2);
      for (TaskJar jar : jars) {
        if (spec.startsWith("jar:" + jar.url() + "!/") && jar.has(name)) {
          return new URLConnection(url) {
            @Override
            public void connect() {}

            @Override
            public InputStream getInputStream() throws IOException {
              return jar.open(name);
            }
          };
        }
      }
      throw new IOException(url + " is not in the task's jars");
    }
  }
}
