package org.mesosexec.jvm;

import com.google.gson.JsonElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.mesosexec.api.Task;
import org.mesosexec.json.Json;

/**
 * Makes the task that a {@code jvm} spec names, from the task's class loader: an instance of a
 * {@link Task} class, or a {@link MainTask} around a class's {@code main}. The class is initialized
 * here, so its static initializer runs on the caller's thread.
 */
final class SpecTasks {
  private SpecTasks() {}

  static Task<?> make(JvmSpec spec, ClassLoader loader) throws JvmTaskException {
    String name = spec.className();
    Class<?> type = load(name, loader);
    if (Task.class.isAssignableFrom(type)) {
      return construct(type);
    }
    Method main = mainOf(type);
    if (main == null) {
      throw new JvmTaskException(
          "class "
              + name
              + " is not an "
              + Task.class.getName()
              + " and has no public static void main(String[])");
    }
    return new MainTask(main, arguments(spec.argsJson(), name));
  }

  private static Class<?> load(String name, ClassLoader loader) throws JvmTaskException {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new JvmTaskException("class " + name + " is not found in jvm.classpath", e);
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new JvmTaskException(
          "the static initializer of " + name + " threw " + JvmOutcome.describe(cause), e);
    } catch (LinkageError e) {
      throw new JvmTaskException(
          "class " + name + " cannot be loaded: " + JvmOutcome.describe(e), e);
    }
  }

  private static Task<?> construct(Class<?> type) throws JvmTaskException {
    String name = type.getName();
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new JvmTaskException(
          "task class " + name + " must be public and concrete to be made by the executor");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new JvmTaskException("task class " + name + " has no public no-argument constructor");
    }
    try {
      return (Task<?>) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new JvmTaskException(
          "the constructor of " + name + " threw " + JvmOutcome.describe(e.getCause()), e);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new JvmTaskException(
          "task class " + name + " cannot be made: " + JvmOutcome.describe(e), e);
    }
  }

  private static Method mainOf(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      int modifiers = main.getModifiers();
      boolean usable =
          Modifier.isStatic(modifiers)
              && main.getReturnType() == void.class
              && Modifier.isPublic(type.getModifiers());
      return usable ? main : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** A main class's arguments: the spec's {@code args}, a JSON array of strings, or none. */
  private static String[] arguments(String argsJson, String name) throws JvmTaskException {
    JsonElement args = Json.parse(argsJson);
    if (args.isJsonNull()) {
      return new String[0];
    }
    if (args.isJsonArray()) {
      var array = args.getAsJsonArray();
      String[] strings = new String[array.size()];
      for (int i = 0; i < strings.length; i++) {
        JsonElement element = array.get(i);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
          strings = null;
          break;
        }
        strings[i] = element.getAsString();
      }
      if (strings != null) {
        return strings;
      }
    }
    throw new JvmTaskException(
        "jvm.args must be a JSON array of strings for "
            + name
            + ", which runs by its main method (got "
            + argsJson.substring(0, Math.min(argsJson.length(), 80))
            + ")");
  }
}
