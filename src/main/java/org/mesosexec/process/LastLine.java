package org.mesosexec.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last line a process printed, for a status or failure message: the last non-blank line of its
 * output, stripped and cut to a readable length. Stateless.
 */
public final class LastLine {
  private LastLine() {}

  /** The last non-blank line of {@code text}, cut to {@code max} characters and "...". */
  public static Optional<String> of(String text, int max) {
    String[] lines = text.split("\r?\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (!line.isEmpty()) {
        return Optional.of(line.length() > max ? line.substring(0, max) + "..." : line);
      }
    }
    return Optional.empty();
  }

  /**
   * The last non-blank line among the last {@code tail} bytes of a file, or empty when there is
   * none or it cannot be read. {@code file} is opened as given: pass a descriptor path to read a
   * file without opening it by name again.
   */
  public static Optional<String> ofFile(Path file, int tail, int max) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.min(size, tail);
      ByteBuffer buf = ByteBuffer.allocate(n);
      ch.read(buf, size - n);
      return of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8), max);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
