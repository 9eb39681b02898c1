/**
 * The scheduler-side client, for Java frameworks that run their tasks on this executor: {@link
 * org.mesosexec.client.ExecutorSetup} builds the {@code ExecutorInfo}, {@link
 * org.mesosexec.client.TaskData} the tasks' {@code TaskInfo.data}, and {@link
 * org.mesosexec.client.ExecutorMessage} and {@link org.mesosexec.client.TaskResults} decode what
 * comes back. In the api jar: it needs the JDK, the Mesos protos and protobuf-java only.
 */
package org.mesosexec.client;
