package bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics over samples in nanoseconds, and their display in milliseconds. */
final class Stats {
  private Stats() {}

  /** The nearest-rank percentile {@code p} (0–100] of {@code nanos}. */
  static long percentile(List<Long> nanos, double p) {
    if (nanos.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  static long median(List<Long> nanos) {
    return percentile(nanos, 50);
  }

  /** {@code 1.234 ms}: three decimals, since launches are measured in tenths of a millisecond. */
  static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
