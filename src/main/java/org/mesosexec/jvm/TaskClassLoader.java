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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.mesosexec.api.Task;

/**
 * One JVM task's class loader: classes and resources from the task's jars (opened by {@link
 * ClassPath}, read directly, never through the JDK's shared jar cache), parent {@link
 * ApiOnlyLoader}. The classes it defines have their exit calls rewritten ({@link ExitRewriter})
 * unless it is made for a child JVM. {@link #close} closes the jars.
 */
final class TaskClassLoader extends ClassLoader implements Closeable {
  private static final String API_PACKAGE = Task.class.getPackageName() + ".";

  static {
    registerAsParallelCapable();
  }

  private final List<JarFile> jars;
  private final List<ProtectionDomain> domains = new ArrayList<>();
  private final boolean rewriteExits;
  private final URLStreamHandler handler = new EntryHandler();
  private volatile boolean closed;

  TaskClassLoader(String name, List<JarFile> jars, boolean rewriteExits) {
    super(name, ApiOnlyLoader.INSTANCE);
    this.jars = List.copyOf(jars);
    this.rewriteExits = rewriteExits;
    for (JarFile jar : jars) {
      domains.add(new ProtectionDomain(new CodeSource(fileUrl(jar), (CodeSigner[]) null), null));
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
      JarFile jar = jars.get(i);
      JarEntry entry = jar.getJarEntry(path);
      if (entry != null) {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
          bytes = in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
          throw new ClassNotFoundException(name + " cannot be read from " + jar.getName(), e);
        }
        byte[] code = rewriteExits ? ExitRewriter.rewrite(bytes) : bytes;
        definePackageOf(name);
        return defineClass(name, code, 0, code.length, domains.get(i));
      }
    }
    throw new ClassNotFoundException(name);
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
    for (JarFile jar : jars) {
      if (jar.getJarEntry(name) != null) {
        return entryUrl(jar, name);
      }
    }
    return null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    List<URL> found = new ArrayList<>();
    for (JarFile jar : jars) {
      if (jar.getJarEntry(name) != null) {
        found.add(entryUrl(jar, name));
      }
    }
    return Collections.enumeration(found);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    ClassPath.closeAll(jars);
  }

  private URL entryUrl(JarFile jar, String name) {
    try {
      return new URL("jar", "", -1, fileUrl(jar) + "!/" + name, handler);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL fileUrl(JarFile jar) {
    try {
      return new java.io.File(jar.getName()).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a resource URL of this loader from the jar it already holds open. */
  private final class EntryHandler extends URLStreamHandler {
    @Override
    protected URLConnection openConnection(URL url) throws IOException {
      String spec = url.toString();
      int bang = spec.indexOf("!/");
      String name = spec.substring(bang + 2);
      for (JarFile jar : jars) {
        JarEntry entry = jar.getJarEntry(name);
        if (entry != null && spec.startsWith("jar:" + fileUrl(jar) + "!/")) {
          return new URLConnection(url) {
            @Override
            public void connect() {}

            @Override
            public InputStream getInputStream() throws IOException {
              return jar.getInputStream(entry);
            }
          };
        }
      }
      throw new IOException(url + " is not in the task's jars");
    }
  }
}
