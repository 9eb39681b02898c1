package org.mesosexec.examples;

/**
 * A plain {@code main(String[])} program run as a JVM task: a {@code jvm} spec may name any class
 * with a public static main, and its {@code args} (a JSON array of strings) become the program's
 * arguments. What it prints lands in the task's own {@code stdout}; returning from main finishes
 * the task.
 */
public final class Greeter {
  private Greeter() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.out.println("Hello, world!");
    }
    for (String name : args) {
      System.out.println("Hello, " + name + "!");
    }
  }
}
