package org.mesosexec.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes {@link Pieces} moves: a region of the stream, or its tail read into memory. Positions
 * are the source's own: offsets in the stream, or indexes into the buffer.
 */
interface PieceSource {
  /** Fills {@code into} from {@code at}, to its limit or the end of the source. */
  void read(long at, ByteBuffer into) throws IOException;

  /** Appends {@code n} bytes from {@code at} to {@code to}; fewer if the source was cut. */
  void transfer(long at, long n, FileChannel to) throws IOException;

  /** A region of the stream, copied without passing through the JVM's heap. */
  record OfFile(FileChannel channel) implements PieceSource {
    @Override
    public void read(long at, ByteBuffer into) throws IOException {
      while (into.hasRemaining() && channel.read(into, at + into.position()) > 0) {
        // reads on to the limit
      }
    }

    @Override
    public void transfer(long at, long n, FileChannel to) throws IOException {
      for (long done = 0; done < n; ) {
        long moved = channel.transferTo(at + done, n - done, to);
        if (moved <= 0) {
          return; // the stream was cut under us: what is gone is gone
        }
        done += moved;
      }
    }
  }

  /** Bytes read into memory. */
  final class OfMemory implements PieceSource {
    private final byte[] buf;

    OfMemory(byte[] buf) {
      this.buf = buf;
    }

    @Override
    public void read(long at, ByteBuffer into) {
      into.put(buf, (int) at, into.remaining());
    }

    @Override
    public void transfer(long at, long n, FileChannel to) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap(buf, (int) at, (int) n);
      while (bytes.hasRemaining()) {
        to.write(bytes);
      }
    }
  }
}
