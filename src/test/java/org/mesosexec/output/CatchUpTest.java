package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;

/**
 * The end of a rotation on a real stream, written through an O_APPEND descriptor as a task's is,
 * with the writer's steps placed between the rotation's looks.
 */
public class CatchUpTest {
  private static final int CAP = 1 << 20;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path stdout;
  private FileOutputStream writer;
  private FileChannel live;
  private final StringBuilder fed = new StringBuilder();

  @Before
  public void open() throws IOException {
    stdout = tmp.getRoot().toPath().resolve("stdout");
    writer = new FileOutputStream(stdout.toFile(), true);
    live = FileChannel.open(stdout, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @After
  public void close() throws IOException {
    live.close();
    writer.close();
  }

  private void append(String s) {
    try {
      writer.write(s.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Rotation.Moved catchUp(FileChannel channel, long readTo, Runnable pause)
      throws IOException {
    try (Pieces pieces =
        new Pieces(stdout, tmp.getRoot().toPath(), CAP, 5, 4096, SandboxFiles.shared())) {
      pieces.copy(channel, 0, readTo); // what the follower read, moved first as a rotation does
      return new CatchUp(
              channel,
              pieces,
              (buf, off, n) -> {
                fed.append(new String(buf, off, n, StandardCharsets.US_ASCII));
                return true;
              },
              pause)
          .upAndTruncate(readTo);
    }
  }

  private String rotated() throws IOException {
    return Files.readString(Pieces.rotated(stdout, 1), StandardCharsets.US_ASCII);
  }

  @Test
  public void aLineSeenInPartIsWaitedForSoThatItsEndIsNotCutByTheTruncate() throws IOException {
    append("one\ntw"); // what a look saw of the write "two\n" while the kernel was copying it
    long readTo = Files.size(stdout); // the follower read all of it, "tw" as an unfinished line
    int[] pauses = {0};
    Rotation.Moved moved =
        catchUp(
            live,
            readTo,
            () -> {
              if (pauses[0]++ == 0) {
                append("o\n"); // the rest of that write lands
              }
            });
    assertEquals("o\n", fed.toString());
    assertEquals("one\ntwo\n", rotated());
    assertEquals(0, Files.size(stdout));
    assertEquals(8, moved.bytes());
    assertEquals(0, moved.unread());
    assertEquals(1, pauses[0]);
  }

  @Test
  public void aLineLeftOpenIsTruncatedAfterABoundedWait() throws IOException {
    append("done\nEnter a value: ");
    long readTo = Files.size(stdout);
    int[] pauses = {0};
    Rotation.Moved moved = catchUp(live, readTo, () -> pauses[0]++);
    assertEquals("done\nEnter a value: ", rotated());
    assertEquals(0, Files.size(stdout));
    assertEquals("", fed.toString());
    assertEquals(0, moved.unread());
    assertTrue("looked again: " + pauses[0], pauses[0] > 0);
  }

  @Test
  public void aStreamAtALineEndIsTruncatedWithoutWaiting() throws IOException {
    append("one\n");
    long readTo = Files.size(stdout);
    append("two\n");
    int[] pauses = {0};
    catchUp(live, readTo, () -> pauses[0]++);
    assertEquals("two\n", fed.toString());
    assertEquals("one\ntwo\n", rotated());
    assertEquals(0, pauses[0]);
  }

  @Test
  public void aWriterThatGrowsTheStreamAtEveryLookIsKeptInTheFilesAfterTheLastRound()
      throws IOException {
    append("0\n");
    long readTo = Files.size(stdout);
    int[] looks = {0};
    FileChannel growing =
        new Delegating(live) {
          @Override
          public long size() throws IOException {
            append(++looks[0] + "\n"); // a line lands before every look
            return super.size();
          }
        };
    Rotation.Moved moved = catchUp(growing, readTo, () -> {});
    StringBuilder all = new StringBuilder("0\n");
    for (int i = 1; i <= looks[0]; i++) {
      all.append(i).append('\n');
    }
    // Every line the looks found is in the rotated file; what the last one found is not read.
    assertEquals(all.toString(), rotated());
    assertEquals(CatchUp.ROUNDS + 1, looks[0]);
    assertEquals(String.valueOf(looks[0]).length() + 1, moved.unread());
    assertEquals(
        all.toString(), "0\n" + fed + all.substring((int) (all.length() - moved.unread())));
  }

  /** A channel that passes every call to another: tests override the calls they place steps in. */
  private static class Delegating extends FileChannel {
    private final FileChannel to;

    Delegating(FileChannel to) {
      this.to = to;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return to.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return to.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return to.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return to.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return to.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      to.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return to.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      to.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      to.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return to.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return to.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return to.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return to.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return to.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return to.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return to.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      to.close();
    }
  }
}
