package org.mesosexec.health;

import java.util.Objects;

/** A validated check: what each attempt does, and when attempts run. */
public record CheckPlan(Probe probe, Timing timing) {
  public CheckPlan {
    Objects.requireNonNull(probe);
    Objects.requireNonNull(timing);
  }
}
