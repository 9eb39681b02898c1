package org.mesosexec.output;

import org.mesosexec.settings.ByteSizes;

/**
 * The bounds of the rotation values, shared by the settings and the task spec so that both refuse
 * the same values. Stateless.
 */
public final class RotationLimits {
  /**
   * The smallest cap. The executor looks at a stream's size on every poll of its output; a smaller
   * cap would rotate many times per look for a modest writer, and each rotation may lose the lines
   * written during its truncate.
   */
  public static final long MIN_SIZE = 64L * 1024;

  /** The largest cap: 1TB, so that (keep + 1) times it still fits a long. */
  public static final long MAX_SIZE = 1L << 40;

  /** The most rotated files: each rotation renames every kept file once. */
  public static final int MAX_KEEP = 100;

  /** Rotated files kept when only the sizes are given. */
  public static final int DEFAULT_KEEP = 5;

  private RotationLimits() {}

  /**
   * A cap in Mesos' byte-size syntax, between {@link #MIN_SIZE} and {@link #MAX_SIZE}.
   *
   * @throws IllegalArgumentException naming the syntax or the bounds
   */
  public static long size(String text) {
    return ByteSizes.between(text, MIN_SIZE, MAX_SIZE);
  }

  /**
   * A keep count between 1 and {@link #MAX_KEEP}.
   *
   * @throws IllegalArgumentException naming the bounds
   */
  public static int keep(long keep) {
    if (keep < 1 || keep > MAX_KEEP) {
      throw new IllegalArgumentException(
          "must be between 1 and " + MAX_KEEP + " rotated files, got " + keep);
    }
    return (int) keep;
  }
}
