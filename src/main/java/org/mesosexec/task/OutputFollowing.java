package org.mesosexec.task;

import com.google.re2j.Pattern;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.output.EventFormat;
import org.mesosexec.output.EventTask;
import org.mesosexec.output.OutputSpec;
import org.mesosexec.output.Rotation;
import org.mesosexec.output.TaskOutputEvents;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.progress.OutputLines;
import org.mesosexec.progress.ProgressParser;
import org.mesosexec.progress.ProgressTracker;

/**
 * What follows a running task's output: one tracker that reads its progress file, stdout and stderr
 * once for both its progress (if it has a progress regex) and its output events (if they are on for
 * it); none when neither is wanted.
 */
final class OutputFollowing {
  /** The task's events file in its directory, where the default Log4j configuration writes. */
  static final String EVENTS_FILE = "events.json";

  /**
   * The regex of a follower that only rotates: its literal (with NULs, which text output lacks)
   * lets lines be skipped without running a regex, and what matches anyway is not reported.
   */
  private static final Pattern NEVER_MATCHES = Pattern.compile("\\x00rotation only\\x00([0-9]+)()");

  private OutputFollowing() {}

  static Optional<ProgressTracker> tracker(
      TaskContext ctx,
      TaskMetadata meta,
      Preparation.Resolved resolved,
      LaunchRequest request,
      Executor onTask) {
    ProgressSetup progress = resolved.progress();
    OutputSpec output = resolved.spec().output();
    EventFormat format = output.events().orElse(ctx.settings().events().format());
    Optional<OutputLines> events = events(ctx, meta, request, format);
    boolean rotating = Rotations.on(ctx.settings().rotation(), output);
    if (progress.regex().isEmpty() && events.isEmpty() && !rotating) {
      return Optional.empty();
    }
    List<Rotation> rotations =
        rotating
            ? Rotations.open(ctx.settings().rotation(), output, ctx.sandbox(), request.directory())
            : List.<Rotation>of();
    Path stdout = request.directory().resolve("stdout");
    Path stderr = request.directory().resolve("stderr");
    Optional<Pattern> regex =
        progress.regex().isPresent() || events.isPresent()
            ? progress.regex()
            : Optional.of(NEVER_MATCHES);
    ProgressTracker.Followed followed =
        new ProgressTracker.Followed(
            ctx.sandbox(),
            List.of(progress.file(), stdout, stderr),
            rotations,
            regex.map(r -> new ProgressParser(r, ctx.settings().maxMessageLength())),
            Map.of(stdout, "stdout", stderr, "stderr"),
            events,
            ctx.settings().maxBytesReadPerLine());
    String id = meta.taskId();
    ProgressTracker.Sink sink =
        progress.regex().isPresent()
            ? (sequence, p) -> FrameworkMessages.progress(ctx, id, sequence, p)
            : (sequence, p) -> {};
    return Optional.of(
        new ProgressTracker(followed, progress.sampleInterval(), ctx.scheduler(), onTask, sink));
  }

  private static Optional<OutputLines> events(
      TaskContext ctx, TaskMetadata meta, LaunchRequest request, EventFormat format) {
    if (format == EventFormat.OFF) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskOutputEvents(
            EventTask.of(meta, format, ctx.settings().events().dropKeys()),
            ctx.events().toFiles()
                ? TaskOutputEvents.openFile(
                    meta.taskId(), ctx.sandbox(), request.directory().resolve(EVENTS_FILE))
                : Optional.empty(),
            ctx.settings().events().ratePerSecond(),
            ctx.events(),
            ctx.scheduler()::nanoTime,
            Clock.systemUTC()));
  }
}
