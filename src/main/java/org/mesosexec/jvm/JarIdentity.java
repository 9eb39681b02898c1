package org.mesosexec.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import org.mesosexec.files.OpenFile;

/**
 * Which version of a jar file a task's class loader read: its real path, size, modification time,
 * status change time and file key (device and inode). A jar replaced on disk (renamed over, or
 * rewritten in place, even with the same size and its modification time set back, as {@code cp -p}
 * or {@code rsync --inplace -t} do) has another identity: writing a file changes its status change
 * time, which no user can set back.
 *
 * @param real the jar's real path
 * @param size its size in bytes
 * @param modified its modification time
 * @param changed its status change time ({@code unix:ctime}), or null where there is none
 * @param fileKey its file key, or null where the file system has none
 */
record JarIdentity(Path real, long size, FileTime modified, FileTime changed, Object fileKey) {
  private static final String UNIX = "unix:size,lastModifiedTime,ctime,fileKey";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  JarIdentity {
    Objects.requireNonNull(real);
    Objects.requireNonNull(modified);
  }

  /**
   * Whether {@code now}, the identity of the file a descriptor holds, still has this identity's
   * content: the same file, size and modification time. Its status change time is not compared: the
   * file's name being removed or renamed over changes it.
   */
  boolean sameContentAs(JarIdentity now) {
    return real.equals(now.real)
        && size == now.size
        && modified.equals(now.modified)
        && Objects.equals(fileKey, now.fileKey);
  }

  /**
   * The identity of the jar at {@code real} as {@code held} (opened from it) is now: the open file
   * itself when a descriptor is held, else the file at that name, a link not followed.
   */
  static JarIdentity of(Path real, OpenFile held) throws IOException {
    LinkOption[] how = held.heldOpen() ? new LinkOption[0] : new LinkOption[] {NOFOLLOW};
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(held.path(), UNIX, how);
    } catch (UnsupportedOperationException notUnix) {
      BasicFileAttributes basic = Files.readAttributes(held.path(), BasicFileAttributes.class, how);
      return new JarIdentity(real, basic.size(), basic.lastModifiedTime(), null, basic.fileKey());
    }
    return new JarIdentity(
        real,
        (Long) unix.get("size"),
        (FileTime) unix.get("lastModifiedTime"),
        (FileTime) unix.get("ctime"),
        unix.get("fileKey"));
  }
}
