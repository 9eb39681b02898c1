package org.mesosexec.text;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Environment variable names made from free text (label keys, port names): one rule, so that a
 * task, its hooks and its documentation agree on the name a key becomes.
 */
public final class VariableNames {
  private VariableNames() {}

  /**
   * {@code text} upper-cased, with every character other than {@code A-Z}, {@code 0-9} and {@code
   * _} made {@code _}: {@code app.tier} becomes {@code APP_TIER}. Different texts may map to the
   * same name.
   */
  public static String suffix(String text) {
    return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  /** One {@code MESOS_TASK_LABEL_<KEY>} per label, as hooks and Aurora tasks see them. */
  public static Map<String, String> labels(Map<String, String> labels) {
    Map<String, String> env = new LinkedHashMap<>();
    labels.forEach((k, v) -> env.put("MESOS_TASK_LABEL_" + suffix(k), v));
    return env;
  }
}
