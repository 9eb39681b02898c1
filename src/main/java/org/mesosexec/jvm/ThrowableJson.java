package org.mesosexec.jvm;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failed JVM task's exception as JSON for {@code TaskStatus.data}: its cause chain, outermost
 * first, each with its class, message and stack. Bounded: at most {@value #MAX_CHAIN} exceptions of
 * the chain, {@value #MAX_FRAMES} frames each, texts cut at {@value #MAX_TEXT} characters (about
 * 100 KB at most); when that is still over the result cap, fewer frames and shorter texts, down to
 * the classes alone, then nothing.
 *
 * <pre>{"chain": [{"class": "...", "message": "...", "stack": ["com.acme.Job.run(Job.java:12)"],
 *  "frames_left_out": 3}], "causes_left_out": 0}</pre>
 */
final class ThrowableJson {
  static final int MAX_CHAIN = 8;
  static final int MAX_FRAMES = 32;
  static final int MAX_TEXT = 1000;

  /** Frames and text lengths tried in turn until the JSON fits the cap. */
  private static final int[][] STEPS = {{MAX_FRAMES, MAX_TEXT}, {8, 200}, {0, 100}};

  private ThrowableJson() {}

  /** The JSON of {@code thrown}, at most {@code maxBytes} long; empty when nothing fits. */
  static byte[] of(Throwable thrown, int maxBytes) {
    for (int[] step : STEPS) {
      byte[] json = chain(thrown, step[0], step[1]).toString().getBytes(StandardCharsets.UTF_8);
      if (json.length <= maxBytes) {
        return json;
      }
    }
    return new byte[0];
  }

  private static JsonObject chain(Throwable thrown, int frames, int textLength) {
    JsonArray chain = new JsonArray();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable t = thrown;
    while (t != null && seen.add(t) && chain.size() < MAX_CHAIN) {
      chain.add(one(t, frames, textLength));
      t = t.getCause();
    }
    int left = 0;
    for (; t != null && seen.add(t); t = t.getCause()) {
      left++;
    }
    JsonObject json = new JsonObject();
    json.add("chain", chain);
    json.addProperty("causes_left_out", left);
    return json;
  }

  private static JsonObject one(Throwable t, int frames, int textLength) {
    JsonObject json = new JsonObject();
    json.addProperty("class", cut(t.getClass().getName(), textLength));
    String message = JvmOutcome.messageOf(t);
    if (message != null) {
      json.addProperty("message", cut(message, textLength));
    }
    StackTraceElement[] stack = t.getStackTrace();
    JsonArray lines = new JsonArray();
    for (int i = 0; i < Math.min(frames, stack.length); i++) {
      lines.add(cut(stack[i].toString(), textLength));
    }
    json.add("stack", lines);
    json.addProperty("frames_left_out", stack.length - lines.size());
    return json;
  }

  private static String cut(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length) + "...";
  }
}
