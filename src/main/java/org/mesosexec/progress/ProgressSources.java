package org.mesosexec.progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.output.Rotation;

/**
 * The files one task's progress is read from (its progress file, stdout and stderr), and the newest
 * progress among the lines read from them. Holds no lock of its own: guarded by its {@link
 * ProgressTracker}'s.
 */
final class ProgressSources {
  private static final Logger LOG = LogManager.getLogger(ProgressSources.class);

  /** How many lines that may report progress are kept per look; only the newest counts. */
  private static final int BATCH = 64;

  /**
   * Regex steps (see {@link ProgressParser#cost}) spent per look, plus one line: well under a
   * second of a slow core at worst, so that a look, which holds the tracker's lock (and, at the
   * task's end, the task's), stays short whatever the regex. The default regex on 64 lines of 1,500
   * characters stays within it; older lines past it are the ones a newer report would supersede.
   */
  static final long WORK_PER_LOOK = 1L << 22;

  private final List<FileTail> tails = new ArrayList<>();
  private final ArrayDeque<String> batch = new ArrayDeque<>();
  private final Optional<ProgressParser> parser;
  private final Optional<OutputLines> output;

  /**
   * @param root the directory every file must really be in (the sandbox)
   * @param files the files to follow; a file named twice is followed once
   */
  ProgressSources(Path root, List<Path> files, ProgressParser parser, int maxBytesPerLine) {
    this(root, files, List.of(), parser, maxBytesPerLine);
  }

  /**
   * @param rotations the rotations of followed files, each done by the tail of its file
   */
  ProgressSources(
      Path root,
      List<Path> files,
      List<Rotation> rotations,
      ProgressParser parser,
      int maxBytesPerLine) {
    this(root, files, rotations, Optional.of(parser), maxBytesPerLine, Map.of(), Optional.empty());
  }

  /**
   * @param files the files progress is read from, none without a parser
   * @param rotations the rotations of followed files, each done by the tail of its file (a rotated
   *     file is followed whether or not anything reads its lines)
   * @param streams the task's stdout and stderr, by their stream names: every line of theirs goes
   *     to {@code output} too, from the same read (a file named twice is followed once)
   */
  ProgressSources(
      Path root,
      List<Path> files,
      List<Rotation> rotations,
      Optional<ProgressParser> parser,
      int maxBytesPerLine,
      Map<Path, String> streams,
      Optional<OutputLines> output) {
    this.parser = Objects.requireNonNull(parser);
    this.output = Objects.requireNonNull(output);
    Optional<byte[]> literal = parser.flatMap(p -> RequiredLiteral.of(p.regex()));
    Set<Path> followed = new LinkedHashSet<>(parser.isPresent() ? files : List.of());
    if (output.isPresent()) {
      followed.addAll(streams.keySet());
    }
    rotations.forEach(r -> followed.add(r.file()));
    for (Path file : followed) {
      String stream = output.isPresent() ? streams.get(file) : null;
      Optional<Rotation> rotation = rotations.stream().filter(r -> r.file().equals(file)).findAny();
      // A line the rotation cuts at its cap is one the follower hands on in parts too.
      int lineMax =
          (int) Math.min(maxBytesPerLine, rotation.map(Rotation::maxSize).orElse(Long.MAX_VALUE));
      Lines lines;
      if (stream != null) {
        lines = LineReader.withParts(lineMax, (line, part) -> both(stream, line, part));
      } else if (literal.isPresent()) {
        lines = new LiteralLines(lineMax, literal.get(), this::line);
      } else {
        lines = new LineReader(lineMax, this::line);
      }
      FileTail tail = new FileTail(file, root, lines);
      rotation.ifPresent(r -> tail.rotateWith(r, System::nanoTime));
      tails.add(tail);
    }
  }

  /** A line of stdout or stderr: an event, and progress if a regex looks for it. */
  private void both(String stream, String line, int part) {
    if (parser.isPresent()) {
      line(line);
    }
    output.get().line(stream, line, part);
  }

  /** As {@link #read(long, long)}, at the JVM's time. */
  long read(long budget) {
    return read(budget, System.nanoTime());
  }

  /**
   * Reads what every file has gained, up to {@code budget} bytes each, in a look at {@code now}
   * (nanoseconds); the most read from one.
   */
  long read(long budget, long now) {
    long most = 0;
    for (FileTail tail : tails) {
      try {
        most = Math.max(most, tail.poll(budget, now));
      } catch (IOException e) {
        LOG.debug("Reading {} for progress: {}", tail.path(), e.toString());
      }
    }
    return most;
  }

  /** How soon the most urgent file wants its next look: see {@link StreamRotator}. */
  Urgency urgency() {
    Urgency most = Urgency.REGULAR;
    for (FileTail tail : tails) {
      most = tail.urgency().compareTo(most) > 0 ? tail.urgency() : most;
    }
    return most;
  }

  /** Hands on the files' unfinished last lines: only at the true end of the task's output. */
  void readLastLines() {
    for (FileTail tail : tails) {
      tail.lines().flush();
    }
  }

  private void line(String line) {
    if (batch.size() == BATCH) {
      batch.removeFirst();
    }
    batch.addLast(line);
  }

  /**
   * The newest progress among the lines read since the last call. Only that one matters: a newer
   * report supersedes an older one the throttle would hold back, so the older lines are never
   * parsed (a task that writes progress at full speed costs little).
   */
  Optional<Progress> newest() {
    output.ifPresent(OutputLines::polled);
    if (parser.isEmpty()) {
      batch.clear();
      return Optional.empty();
    }
    ProgressParser parser = this.parser.get();
    Optional<Progress> newest = Optional.empty();
    long work = 0;
    while (newest.isEmpty() && !batch.isEmpty() && work < WORK_PER_LOOK) {
      String line = batch.removeLast();
      work += parser.cost(line);
      newest = parser.parse(line);
    }
    batch.clear();
    return newest;
  }

  /** Lets the files go; the output's lines have ended. */
  void close() {
    output.ifPresent(OutputLines::ended);
    for (FileTail tail : tails) {
      try {
        tail.close();
      } catch (IOException e) {
        LOG.debug("Closing {}: {}", tail.path(), e.toString());
      }
    }
  }
}
