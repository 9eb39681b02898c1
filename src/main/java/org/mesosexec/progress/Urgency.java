package org.mesosexec.progress;

/** How soon a followed file wants its next look, after a look. In order of urgency. */
enum Urgency {
  /** At the regular pace. */
  REGULAR,

  /**
   * At once: a rotated stream grows so fast that it may pass its cap before the next regular look.
   * A bounded number of times in a row, as the pace it is judged by may be a burst's.
   */
  SOON,

  /**
   * At once, and the count of looks in a row starts again: the stream was rotated in this look and
   * may pass its cap again before the next regular look.
   */
  ROTATED
}
