package org.mesosexec.files;

import java.util.Locale;

/**
 * The {@code open(2)} flags and {@code *at} constants the sandbox files need, for Linux on x86_64
 * and aarch64 (glibc's values, from {@code <bits/fcntl-linux.h>} and the two architectures' {@code
 * <bits/fcntl.h>}). Only O_DIRECTORY and O_NOFOLLOW differ between the two; every other value is
 * the generic one. On any other architecture the executor opens files by name (see {@link
 * SandboxFiles}).
 */
record Fcntl(int directory, int noFollow) {
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 01;
  static final int O_RDWR = 02;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_APPEND = 02000;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;
  static final int AT_FDCWD = -100;
  static final int AT_REMOVEDIR = 0x200;

  /** The constants of this machine, if it is one of the two whose values are known. */
  static java.util.Optional<Fcntl> ofThisMachine() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return java.util.Optional.empty();
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> java.util.Optional.of(new Fcntl(0200000, 0400000));
      case "aarch64", "arm64" -> java.util.Optional.of(new Fcntl(040000, 0100000));
      default -> java.util.Optional.empty();
    };
  }
}
