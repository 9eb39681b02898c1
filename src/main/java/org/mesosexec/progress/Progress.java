package org.mesosexec.progress;

/**
 * One progress report parsed from a task's output.
 *
 * @param percent 0 to 100
 * @param message what the task said about it, already cut to the message cap
 */
public record Progress(int percent, String message) {}
