package org.mesosexec.jvm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The small binary files that pass a JVM task to a child JVM and its outcome back: a magic number,
 * then fields written by the caller. Written to a temporary name and moved into place, so a reader
 * never sees half a file from a writer that died; read with every length checked, so a truncated or
 * corrupt file gives an {@link IOException} that says so rather than a huge allocation.
 */
final class RecordFile {
  /** No field of these files comes near this; a larger length means a corrupt file. */
  static final int MAX_FIELD_BYTES = 64 << 20;

  private RecordFile() {}

  /** Writes the fields of one record. */
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads the fields of one record. */
  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static void write(Path file, int magic, Writer writer) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(temporary);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
      out.writeInt(magic);
      writer.write(out);
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file: missing, not of this kind ({@code what}), truncated, or
   *     with bytes after its last field
   */
  static <T> T read(Path file, int magic, String what, Reader<T> reader) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      if (in.readInt() != magic) {
        throw new IOException(file + " is not " + what);
      }
      T value = reader.read(in);
      if (in.read() != -1) {
        throw new CorruptException("it has bytes after " + what);
      }
      return value;
    } catch (EOFException e) {
      throw new IOException(file + " is truncated: it ends before the end of " + what, e);
    } catch (CorruptException e) {
      throw new IOException(file + " is corrupt: " + e.getMessage(), e);
    }
  }

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FIELD_BYTES) {
      throw new CorruptException("a field of " + length + " bytes");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException();
    }
    return bytes;
  }

  static void writeString(DataOutputStream out, String text) throws IOException {
    writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  /** A length or value that no writer of these files produces. */
  static final class CorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message);
    }
  }
}
