package org.mesosexec.files;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.NativeWalk.LinkException;
import org.mesosexec.process.LibC;

/** The native walk under a real directory with links in the way: none is ever followed. */
public class NativeWalkTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private LibC libc;
  private NativeWalk walk;
  private Path root;

  @Before
  public void setUp() throws Exception {
    Optional<LibC> loaded = LibC.load();
    Optional<Fcntl> fcntl = Fcntl.ofThisMachine();
    assumeTrue("libc and known open flags", loaded.isPresent() && fcntl.isPresent());
    libc = loaded.get();
    walk = new NativeWalk(libc, fcntl.get(), StandardCharsets.UTF_8);
    root = tmp.getRoot().toPath().toRealPath();
    Files.createDirectories(root.resolve("real/below"));
    Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
  }

  @Test
  public void theParentIsReachedThroughRealDirectoriesOnly() throws Exception {
    int fd = walk.openParent(root, root.resolve("real/below/file"));
    try {
      assertEquals(root.resolve("real/below"), NativeWalk.fdPath(fd).toRealPath());
    } finally {
      libc.close(fd);
    }

    assertThrows(LinkException.class, () -> walk.openParent(root, root.resolve("link/below/f")));
    assertThrows(NoSuchFileException.class, () -> walk.openParent(root, root.resolve("no/f")));
  }

  @Test
  public void aLinkAtTheLastNameIsNotOpened() throws Exception {
    int dir = walk.openRoot(root);
    try {
      assertEquals(-1, walk.openDirectory(dir, walk.name(Path.of("link")), Fcntl.O_PATH));
      assertEquals(LibC.ENOTDIR, LibC.errno());
      assertEquals(-1, walk.openFile(dir, walk.name(Path.of("link")), Fcntl.O_RDONLY, 0));
      assertEquals(LibC.ELOOP, LibC.errno());
    } finally {
      libc.close(dir);
    }
  }

  @Test
  public void aNameIsItsBytesEndedByNul() {
    assertArrayEquals(new byte[] {'a', (byte) 0xc3, (byte) 0xa9, 0}, walk.name(Path.of("aé")));
  }

  @Test
  public void aFailureSaysWhatWentWrongAsTheJdkWould() {
    Path file = root.resolve("x");

    assertTrue(walk.failure(file, LibC.ENOENT) instanceof NoSuchFileException);
    assertTrue(walk.failure(file, LibC.ELOOP) instanceof LinkException);
    assertTrue(walk.failure(file, LibC.ENOTDIR) instanceof LinkException);
    FileSystemException other = (FileSystemException) walk.failure(file, LibC.EEXIST);
    assertEquals(file.toString(), other.getFile());
    assertEquals(libc.strerror(LibC.EEXIST), other.getReason());
  }
}
