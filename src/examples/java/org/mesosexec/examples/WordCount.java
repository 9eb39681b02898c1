package org.mesosexec.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;

/**
 * Counts the words of the lines in its {@code args} (a JSON array of strings) and returns {@code
 * {"lines": L, "words": W, "counts": {"word": N, ...}}}, which the executor sends as JSON in {@code
 * TaskStatus.data} of {@code TASK_FINISHED}. Words are runs of letters, digits and apostrophes,
 * lower-cased; the counts are in alphabetical order so that the result is the same on every run.
 * The task of {@code conf/examples/jvm-task.json}.
 */
public final class WordCount implements Task<Map<String, Object>> {
  private static final long serialVersionUID = 1L;

  @Override
  public Map<String, Object> run(TaskContext context) {
    List<String> lines = JsonStrings.parse(context.argsJson());
    Map<String, Integer> counts = new TreeMap<>();
    int words = 0;
    for (String line : lines) {
      for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
        if (!word.isEmpty()) {
          counts.merge(word, 1, Integer::sum);
          words++;
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("lines", lines.size());
    result.put("words", words);
    result.put("counts", counts);
    return result;
  }
}
