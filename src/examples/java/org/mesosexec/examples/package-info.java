/**
 * Example JVM tasks, built into {@code mesos-task-executor-examples.jar} and shipped in the
 * distribution's {@code examples/} directory for the TASKFILEs in {@code conf/examples/jvm-*.json}.
 * They are compiled against {@code org.mesosexec.api} only, as a framework's own tasks would be, so
 * they need nothing else on the executor's side (not even a JSON library).
 */
package org.mesosexec.examples;
