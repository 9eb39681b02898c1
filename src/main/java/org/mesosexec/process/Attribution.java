package org.mesosexec.process;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mesosexec.process.ProcFs.Proc;

/**
 * Which task run a process belongs to: the one it was seen in while its ancestry was visible
 * ({@link Lineage}), else the marker in its environment. Markers read are remembered per process
 * (pid and start time); a process whose environment cannot be read counts as maybe the task's for a
 * while. Thread-safe.
 */
final class Attribution {
  /** Reads of an environment in a row before a look gives up on it (an exec is brief). */
  private static final int READ_ATTEMPTS = 5;

  /** How long a process whose environment reads empty counts as maybe the task's. */
  private static final Duration UNSURE_FOR = Duration.ofSeconds(2);

  private record Key(long pid, long startTime) {}

  private final ProcFs proc;
  private final Lineage lineage = new Lineage();
  private final Map<Key, Optional<String>> markers = new ConcurrentHashMap<>();
  private final Map<Key, Long> unreadable = new ConcurrentHashMap<>();

  Attribution(ProcFs proc) {
    this.proc = Objects.requireNonNull(proc);
  }

  /** What the processes were seen in; see {@link Lineage}. */
  Lineage lineage() {
    return lineage;
  }

  /**
   * Whether an adopted process is the task's: by the task it was seen in while its ancestry was
   * visible, whatever its environment says now; else by its marker.
   */
  Optional<Boolean> belongs(Proc p, String marker) {
    Optional<String> seenIn = lineage.taskOf(p);
    return seenIn.isPresent() ? Optional.of(seenIn.get().equals(marker)) : isMarked(p, marker);
  }

  /**
   * Whether the process carries {@code marker}; empty when its environment cannot be read just now.
   * An answer is remembered for the process (pid and start time); not knowing is not, so the next
   * look reads it again and a process found late is still the task's.
   */
  Optional<Boolean> isMarked(Proc p, String marker) {
    Key key = new Key(p.pid(), p.startTime());
    Environ.Variable v = markerOf(p);
    if (!v.known()) {
      // Unreadable for a moment (a process in an exec, or in a chain of them), or for good (an
      // empty environment, as after env -i): maybe the task's for a while, then not counted,
      // but never settled: the next look reads it again.
      long now = System.nanoTime();
      long since = unreadable.computeIfAbsent(key, k -> now);
      return now - since < UNSURE_FOR.toNanos() ? Optional.empty() : Optional.of(false);
    }
    return Optional.of(marker.equals(v.value().orElse(null)));
  }

  /** The marker in the process's environment, read once and remembered when it could be. */
  Environ.Variable markerOf(Proc p) {
    Key key = new Key(p.pid(), p.startTime());
    Optional<String> known = markers.get(key);
    if (known != null) {
      return new Environ.Variable(true, known);
    }
    Environ.Variable v = Environ.Variable.UNKNOWN;
    for (int attempt = 0; attempt < READ_ATTEMPTS && !v.known(); attempt++) {
      v = proc.environmentVariable(p.pid(), ProcessTracker.MARKER_VARIABLE);
    }
    if (v.known()) {
      unreadable.remove(key);
      markers.put(key, v.value());
    }
    return v;
  }

  /** The task run of a process: the one it was seen in, else its marker's, if it has one. */
  Optional<String> taskOf(Proc p) {
    return lineage.taskOf(p).or(() -> markerOf(p).value());
  }

  /** Forgets the processes that are gone; {@code children} are the executor's, known to exist. */
  void forgetGone(Set<Long> children) {
    markers.keySet().removeIf(k -> !children.contains(k.pid()) && proc.stat(k.pid()).isEmpty());
    unreadable.keySet().removeIf(k -> proc.stat(k.pid()).isEmpty());
  }
}
