package org.mesosexec.hooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables a before-start hook adds to its task's environment: the {@code KEY=VALUE} lines an
 * executable prints, or the map a Java hook returns. Anything else fails the hook. Stateless.
 */
final class HookVariables {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** How much of a bad line a failure quotes. */
  private static final int QUOTED = 200;

  private HookVariables() {}

  /** The {@code KEY=VALUE} lines a before-start hook printed; blank and '#' lines are skipped. */
  static Map<String, String> parse(String name, String stdout) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : stdout.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || !NAME.matcher(l.substring(0, eq)).matches()) {
        throw new HookFailure(
            "Hook "
                + name
                + " printed a line that is not KEY=VALUE: '"
                + (l.length() > QUOTED ? l.substring(0, QUOTED) + "..." : l)
                + "' (a before-start hook's standard output is the task's extra environment; log to"
                + " standard error)");
      }
      env.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return env;
  }

  /** A Java hook's variables, checked: null is none; a bad name or a null value fails it. */
  static Map<String, String> checked(String name, Map<String, String> env) {
    if (env == null) {
      return Map.of();
    }
    for (String key : env.keySet()) {
      if (key == null || !NAME.matcher(key).matches() || env.get(key) == null) {
        throw new HookFailure(
            "Hook " + name + " returned an invalid variable: " + key + "=" + env.get(key));
      }
    }
    return env;
  }
}
