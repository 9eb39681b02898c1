package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Which version of a jar file a task's class loader read: its real path, size, modification time
 * and file key (device and inode). A jar replaced on disk (renamed over, or rewritten with another
 * size or at another time) has another identity; one rewritten in place with the same size within
 * the file system's timestamp granularity does not.
 *
 * @param real the jar's real path
 * @param size its size in bytes
 * @param modified its modification time
 * @param fileKey its file key, or null where the file system has none
 */
record JarIdentity(Path real, long size, FileTime modified, Object fileKey) {
  JarIdentity {
    Objects.requireNonNull(real);
    Objects.requireNonNull(modified);
  }

  /** The identity of the file at {@code real}, a link not followed. */
  static JarIdentity of(Path real, BasicFileAttributes attributes) {
    return new JarIdentity(
        real, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
  }

  /** The attributes of {@code real} as they are now, a link not followed. */
  static BasicFileAttributes attributes(Path real) throws IOException {
    return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }
}
