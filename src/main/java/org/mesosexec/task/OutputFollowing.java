package org.mesosexec.task;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.output.EventFormat;
import org.mesosexec.output.EventTask;
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

  private OutputFollowing() {}

  static Optional<ProgressTracker> tracker(
      TaskContext ctx,
      TaskMetadata meta,
      ProgressSetup progress,
      LaunchRequest request,
      Executor onTask) {
    Optional<OutputLines> events = events(ctx, meta, request, ctx.settings().events().format());
    if (progress.regex().isEmpty() && events.isEmpty()) {
      return Optional.empty();
    }
    Path stdout = request.directory().resolve("stdout");
    Path stderr = request.directory().resolve("stderr");
    ProgressTracker.Followed followed =
        new ProgressTracker.Followed(
            ctx.sandbox(),
            List.of(progress.file(), stdout, stderr),
            progress.regex().map(r -> new ProgressParser(r, ctx.settings().maxMessageLength())),
            Map.of(stdout, "stdout", stderr, "stderr"),
            events,
            ctx.settings().maxBytesReadPerLine());
    String id = meta.taskId();
    return Optional.of(
        new ProgressTracker(
            followed,
            progress.sampleInterval(),
            ctx.scheduler(),
            onTask,
            (sequence, p) -> FrameworkMessages.progress(ctx, id, sequence, p)));
  }

  private static Optional<OutputLines> events(
      TaskContext ctx, TaskMetadata meta, LaunchRequest request, EventFormat format) {
    if (format == EventFormat.OFF) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskOutputEvents(
            EventTask.of(meta, format, ctx.settings().events().dropKeys()),
            request.directory().resolve(EVENTS_FILE),
            ctx.settings().events().ratePerSecond(),
            ctx.events(),
            ctx.scheduler()::nanoTime,
            Clock.systemUTC()));
  }
}
