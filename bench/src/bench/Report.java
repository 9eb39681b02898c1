package bench;

import java.util.Locale;

/**
 * The one place a benchmark reports a figure: a {@code ROW|...} line on stdout, which {@code
 * bench/run.sh} collects into its table. Everything else a benchmark says goes to stderr.
 */
final class Report {
  private Report() {}

  /**
   * Prints one figure.
   *
   * @param figure what was measured
   * @param executor the executor's value, with its unit
   * @param baseline the baseline's value measured in the same run, with its unit
   * @param ratio executor over baseline
   * @param target the target as text, or {@code -} when the figure is informative
   * @param met whether the target is met; {@code null} when there is no target
   */
  static void row(
      String figure, String executor, String baseline, double ratio, String target, Boolean met) {
    row(figure, executor, baseline, String.format(Locale.ROOT, "%.2fx", ratio), target, met);
  }

  /** As above, for a figure that is no ratio (a count, say): {@code ratio} is shown as given. */
  static void row(
      String figure, String executor, String baseline, String ratio, String target, Boolean met) {
    String verdict = met == null ? "-" : met ? "met" : "MISSED";
    System.out.printf(
        Locale.ROOT, "ROW|%s|%s|%s|%s|%s|%s%n", figure, executor, baseline, ratio, target, verdict);
    System.out.flush();
  }

  /** A progress or detail line, on stderr so it never mixes with the rows. */
  static void note(String format, Object... args) {
    System.err.printf(Locale.ROOT, "  " + format + "%n", args);
  }
}
