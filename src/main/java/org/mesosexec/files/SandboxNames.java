package org.mesosexec.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a file under the sandbox is reached through, one per level below the root, as both ways
 * of reaching it walk or check them: a file outside the root, or the root itself, is refused; so is
 * {@code ..}, which could lead out; {@code .} is skipped.
 */
final class SandboxNames {
  private SandboxNames() {}

  /** {@code file}'s names below {@code root}, the last one the file's own. */
  static List<Path> below(Path root, Path file) throws IOException {
    if (!file.isAbsolute() || !file.startsWith(root) || file.equals(root)) {
      throw new FileSystemException(file.toString(), null, "not a file under " + root);
    }
    List<Path> parts = new ArrayList<>();
    for (Path part : root.relativize(file)) {
      if (part.toString().equals("..")) {
        throw new FileSystemException(file.toString(), null, "'..' is not followed");
      }
      if (!part.toString().equals(".") && !part.toString().isEmpty()) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw new FileSystemException(file.toString(), null, "not a file under " + root);
    }
    return parts;
  }
}
