package org.mesosexec.settings;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Looks up one variable and turns a parse failure into a message that names it. */
record EnvReader(Map<String, String> env) {
  <T> T get(String name, String fallback, Function<String, T> parse) {
    String raw = env.getOrDefault(name, fallback);
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("Setting " + name + ": " + e.getMessage());
    }
  }

  /** A variable with no default: empty when unset, parsed (and named on failure) when set. */
  <T> Optional<T> optional(String name, Function<String, T> parse) {
    return env.containsKey(name) ? Optional.of(get(name, "", parse)) : Optional.empty();
  }
}
