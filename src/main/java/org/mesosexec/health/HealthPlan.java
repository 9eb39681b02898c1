package org.mesosexec.health;

import java.util.Objects;

/** A validated health check: a check, and how its outcomes count. */
public record HealthPlan(CheckPlan check, HealthPolicy policy) {
  public HealthPlan {
    Objects.requireNonNull(check);
    Objects.requireNonNull(policy);
  }
}
