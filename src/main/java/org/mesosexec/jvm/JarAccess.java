package org.mesosexec.jvm;

import java.util.Objects;
import org.mesosexec.files.SandboxFiles;

/**
 * How task loaders reach their jars: the files under the sandbox, opened without following a link
 * and held open by descriptor where the machine allows it, and what the executor's loaders have
 * read of them before.
 *
 * @param cache what the executor's task loaders have read of their jars
 * @param files how the jars are opened; by name only (no descriptor held) in a child JVM, and on a
 *     machine without JNA, where every task then opens each of its jars as a jar at its start
 */
record JarAccess(JarCache cache, SandboxFiles files) {
  JarAccess {
    Objects.requireNonNull(cache);
    Objects.requireNonNull(files);
  }
}
