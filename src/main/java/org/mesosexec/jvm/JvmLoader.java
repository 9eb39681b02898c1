package org.mesosexec.jvm;

import java.nio.file.Path;
import org.mesosexec.settings.JvmSettings;

/** Loads JVM tasks. */
@SuppressWarnings("DoNotCallSuggester") // a placeholder until r12/load lands
public final class JvmLoader {
  public JvmLoader(JvmSettings settings, Path sandbox) {}

  /** A task that came Java-serialized. */
  public LoadedTask fromSerialized(byte[] data) throws JvmTaskException {
    throw new JvmTaskException("not yet");
  }

  /** A task named by a jvm spec. */
  public LoadedTask fromSpec(JvmSpec spec) throws JvmTaskException {
    throw new JvmTaskException("not yet");
  }
}
