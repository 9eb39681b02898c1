package org.mesosexec.jvmwork;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.mesosexec.jvm.FixtureJar;
import org.mesosexec.jvm.fixtures.Waits;
import org.mesosexec.testing.FakeExecutorFixture;

/**
 * The fake executor with the JVM test fixtures in {@code lib/fixtures.jar} of its sandbox, that jar
 * as {@code EXECUTOR_JVM_CLASSPATH} and the fixtures allowed by {@code EXECUTOR_JVM_SERIAL_FILTER}
 * (unless a test class says otherwise). Gates a test made are opened and removed after it.
 */
public abstract class JvmTaskFixture extends FakeExecutorFixture {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  protected static final String FIXTURES = FixtureJar.FIXTURES;

  @Override
  protected Map<String, String> moreSettings() {
    return Map.of(
        "EXECUTOR_JVM_CLASSPATH", FixtureJar.JAR, "EXECUTOR_JVM_SERIAL_FILTER", FIXTURES + ".**");
  }

  @Before
  public void fixtureJar() {
    FixtureJar.sandbox(sandbox);
  }

  @After
  public void releaseThreads() throws InterruptedException {
    for (Object gate : System.getProperties().values()) {
      if (gate instanceof CountDownLatch latch) {
        latch.countDown(); // a failed test leaves no task thread waiting
      }
    }
    System.getProperties().keySet().removeIf(k -> k.toString().startsWith("fixture."));
    jvmPool.joinAll(WAIT.toMillis());
  }

  /** A {@code jvm} spec naming the fixture {@code simpleName} with {@code argsJson}. */
  protected static String jvm(String simpleName, String argsJson) {
    return "{\"jvm\": {\"class\": \""
        + FIXTURES
        + "."
        + simpleName
        + "\", \"classpath\": [\""
        + FixtureJar.JAR
        + "\"], \"args\": "
        + argsJson
        + "}}";
  }

  /** The gate the fixture task {@code taskId} waits for ({@link Waits}). */
  protected static CountDownLatch gate(String taskId) {
    CountDownLatch gate = new CountDownLatch(1);
    System.getProperties().put(Waits.GATE + taskId, gate);
    return gate;
  }

  /** Launches a task whose spec is {@code specJson}. */
  protected void launchJvm(String id, String specJson) {
    executor.launchTask(driver, task(id, specJson).build());
  }

  protected TaskStatus terminal(String id) throws InterruptedException {
    return driver.awaitTerminal(id, WAIT);
  }
}
