package org.mesosexec.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Linux's {@code /proc}: a process's stat line, its children, its environment ({@link
 * Environ}). Every method treats a process that vanished mid-read as absent, never as an error.
 */
final class ProcFs {
  /** One process: the fields of {@code /proc/PID/stat} the executor needs. */
  record Proc(long pid, char state, long ppid, long pgid, long sid, long startTime) {
    boolean zombie() {
      return state == 'Z' || state == 'X';
    }
  }

  private final Path root;
  private final boolean childrenFiles;

  ProcFs(Path root) {
    this.root = root;
    this.childrenFiles =
        Files.isReadable(
            root.resolve("self/task")
                .resolve(Long.toString(ProcessHandle.current().pid()))
                .resolve("children"));
  }

  /** Whether there is a /proc to read at all (Linux). */
  boolean available() {
    return Files.isDirectory(root.resolve("self"));
  }

  Optional<Proc> stat(long pid) {
    String line;
    try {
      line =
          Files.readString(
              root.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
    return parseStat(pid, line);
  }

  /** Parses a stat line; the command name (field 2) may hold spaces and parentheses. */
  static Optional<Proc> parseStat(long pid, String line) {
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 >= line.length()) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    if (f.length < 20) {
      return Optional.empty();
    }
    try {
      // After the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22).
      return Optional.of(
          new Proc(
              pid,
              f[0].charAt(0),
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              Long.parseLong(f[3]),
              Long.parseLong(f[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The children of {@code pid}: from {@code /proc/PID/task/TID/children} when the kernel has them
   * (one small read per thread), else by scanning every process's parent.
   */
  List<Long> children(long pid) {
    if (!childrenFiles) {
      return scan().stream().filter(p -> p.ppid() == pid).map(Proc::pid).toList();
    }
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> threads =
        Files.newDirectoryStream(root.resolve(Long.toString(pid)).resolve("task"))) {
      for (Path thread : threads) {
        String text;
        try {
          text = Files.readString(thread.resolve("children"), StandardCharsets.ISO_8859_1);
        } catch (IOException threadGone) {
          continue;
        }
        addPids(text, out);
      }
    } catch (IOException | RuntimeException gone) {
      return List.of();
    }
    return out;
  }

  /**
   * The children that one thread of {@code pid} has: for the executor's main thread, the orphans it
   * adopts as a subreaper (the kernel hands them to the first live thread of the process, the main
   * one). One small read, however many threads the process has. Empty when unreadable.
   */
  List<Long> threadChildren(long pid, long tid) {
    if (!childrenFiles) {
      return children(pid);
    }
    String text;
    try {
      text =
          Files.readString(
              root.resolve(Long.toString(pid))
                  .resolve("task")
                  .resolve(Long.toString(tid))
                  .resolve("children"),
              StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException gone) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    addPids(text, out);
    return out;
  }

  /** Adds the pids of a {@code children} file, separated by spaces, to {@code out}. */
  private static void addPids(String text, List<Long> out) {
    for (String child : text.trim().split(" ")) {
      if (!child.isEmpty()) {
        out.add(Long.parseLong(child));
      }
    }
  }

  /** Whether children can be read per thread ({@code /proc/PID/task/TID/children}). */
  boolean childrenFiles() {
    return childrenFiles;
  }

  /** Every process on the host. */
  List<Proc> scan() {
    List<Proc> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "[0-9]*")) {
      for (Path dir : dirs) {
        stat(Long.parseLong(dir.getFileName().toString())).ifPresent(all::add);
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return all;
  }

  /** The value of {@code name} in the environment the process was started with. */
  Environ.Variable environmentVariable(long pid, String name) {
    byte[] env;
    try {
      env = Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | RuntimeException unreadable) {
      return Environ.Variable.UNKNOWN;
    }
    return Environ.variable(env, name);
  }
}
