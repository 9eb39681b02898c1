package org.mesosexec.process;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mesosexec.process.ProcFs.Proc;

/**
 * Which task each process was seen to descend from, remembered while its ancestry was visible, so
 * that once it is orphaned and re-parented to the executor it is still its task's, whatever its
 * environment says (a process can drop {@link ProcessTracker#MARKER_VARIABLE} or forge another
 * task's). A process is known by pid and start time, so a later process that reuses the pid is not
 * taken for it. The first task a process was seen in is the one it keeps.
 */
final class Lineage {
  private record Key(long pid, long startTime) {}

  private final Map<Key, String> tasks = new ConcurrentHashMap<>();

  /** Remembers that {@code p} is a process of the task run {@code marker}. */
  void remember(Proc p, String marker) {
    tasks.putIfAbsent(new Key(p.pid(), p.startTime()), marker);
  }

  /** The task run {@code p} was seen in, if it was. */
  Optional<String> taskOf(Proc p) {
    return Optional.ofNullable(tasks.get(new Key(p.pid(), p.startTime())));
  }

  /**
   * Forgets the processes that no longer exist; {@code seen} holds pids known to exist just now,
   * which need no look.
   */
  void forgetGone(Set<Long> seen, ProcFs proc) {
    tasks
        .keySet()
        .removeIf(
            k ->
                !seen.contains(k.pid())
                    && proc.stat(k.pid()).map(p -> p.startTime() != k.startTime()).orElse(true));
  }

  int size() {
    return tasks.size();
  }
}
