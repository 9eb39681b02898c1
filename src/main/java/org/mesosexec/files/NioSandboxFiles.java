package org.mesosexec.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;

/**
 * {@link SandboxFiles} through Java NIO, for when libc cannot be called: no link is followed at the
 * last name and files are made with {@code CREATE_NEW}, but a file checked to be regular is then
 * opened by name, so a task can swap a FIFO in between (the read then blocks), and a link in a
 * directory above is caught by comparing real paths only.
 */
final class NioSandboxFiles implements SandboxFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @Override
  public Optional<OpenFile> openRegular(Path root, Path file) throws IOException {
    SandboxNames.below(root, file);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException notYet) {
      return Optional.empty();
    }
    if (!attrs.isRegularFile() || !file.getParent().toRealPath().startsWith(root.toRealPath())) {
      return Optional.empty();
    }
    return Optional.of(new OpenFile(file));
  }

  @Override
  public OpenFile replace(Path root, Path file) throws IOException {
    SandboxNames.below(root, file);
    Files.deleteIfExists(file); // removes a link itself, or an empty directory
    Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)
        .close();
    return new OpenFile(file);
  }

  @Override
  public TaskFiles makeTaskDirectory(Path sandbox, String taskId, Optional<UserPrincipal> owner)
      throws IOException {
    Path tasks = sandbox.resolve("tasks");
    if (!Files.isDirectory(tasks, NOFOLLOW)) {
      Files.createDirectory(tasks);
    }
    Path dir = tasks.resolve(taskId);
    if (Files.exists(dir, NOFOLLOW)) {
      String aside = SandboxFiles.asideName(taskId, System.currentTimeMillis());
      Files.move(dir, tasks.resolve(aside)); // a rename: moves a link itself
      LogManager.getLogger(NioSandboxFiles.class)
          .warn("{} existed before the task started: moved it to {}", dir, aside);
    }
    Files.createDirectory(dir);
    TaskFiles files = new TaskFiles(create(dir.resolve("stdout")), create(dir.resolve("stderr")));
    if (owner.isPresent()) {
      for (Path p : new Path[] {dir, files.stdout().name(), files.stderr().name()}) {
        Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW)
            .setOwner(owner.get()); // lchown: a link put in its place is not followed
      }
    }
    return files;
  }

  private static OpenFile create(Path file) throws IOException {
    try {
      Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)
          .close();
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileSystemException(file.toString(), null, "exists in a new directory");
    }
    return new OpenFile(file);
  }
}
