package org.mesosexec.hooks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.mesosexec.testing.HookFiles;

/** Java hooks, given directly or found through a service jar in the hooks directory. */
public class JavaHooksTest extends HookFixture {
  // ---- Java hooks -----------------------------------------------------------------------------

  @Test
  public void javaHooksRunAfterTheExecutablesAndGetTheTask() throws Exception {
    HookFiles.script(hooksDir, "before-start", "10-exe", "echo WHO=executable\necho EXE=1");
    Hooks hooks =
        open(
            new OperatorHooks(
                Optional.of(hooksDir),
                List.of(
                    new TaskHook() {
                      @Override
                      public Map<String, String> beforeStart(TaskMetadata task) {
                        return Map.of(
                            "WHO",
                            "java",
                            "LABEL",
                            task.labels().get("app.tier"),
                            "DIR",
                            task.directory().toString());
                      }
                    }),
                LONG,
                ctx));

    assertEquals(
        Map.of("WHO", "java", "EXE", "1", "LABEL", "web", "DIR", taskDir.toString()),
        await(hooks.beforeStart(meta())));
  }

  @Test
  public void aJavaHookThatReturnsNullAddsNothing() throws Exception {
    Hooks hooks =
        java(
            new TaskHook() {
              @Override
              public Map<String, String> beforeStart(TaskMetadata task) {
                return null;
              }
            });

    assertEquals(Map.of(), await(hooks.beforeStart(meta())));
  }

  @Test
  public void aJavaHookThatThrowsFailsWithTheException() throws Exception {
    Hooks hooks =
        java(
            new Named("ticket-check") {
              @Override
              public Map<String, String> beforeStart(TaskMetadata task) {
                throw new IllegalStateException("no ticket for " + task.taskId());
              }
            });

    assertEquals(
        "Hook ticket-check (before-start) failed: java.lang.IllegalStateException: no"
            + " ticket for task-1",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aHookFailureFromAJavaHookKeepsItsMessage() throws Exception {
    Hooks hooks =
        java(
            new Named("quota") {
              @Override
              public Map<String, String> beforeStart(TaskMetadata task) {
                throw new HookFailure("quota exhausted for team " + task.labels().get("team"));
              }
            });

    assertEquals(
        "quota exhausted for team storage", failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aJavaHookThatReturnsABadVariableFails() throws Exception {
    Hooks hooks =
        java(
            new Named("bad-name") {
              @Override
              public Map<String, String> beforeStart(TaskMetadata task) {
                return Map.of("MY-VAR", "x");
              }
            });

    assertEquals(
        "Hook bad-name returned an invalid variable: MY-VAR=x",
        failure(hooks.beforeStart(meta())).getMessage());
  }

  @Test
  public void aJavaHookThatRunsPastTheTimeoutIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Hooks hooks =
        open(
            new OperatorHooks(
                Optional.empty(),
                List.of(
                    new Named("sleepy") {
                      @Override
                      public Map<String, String> beforeStart(TaskMetadata task) {
                        try {
                          Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                          interrupted.countDown();
                        }
                        return Map.of("LATE", "1");
                      }
                    }),
                Duration.ofMillis(300),
                ctx));

    assertEquals(
        "Hook sleepy (before-start) did not finish within 300 ms and was interrupted",
        failure(hooks.beforeStart(meta())).getMessage());
    assertTrue(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  public void aJavaAfterHealthyHookThatThrowsFails() throws Exception {
    Hooks hooks =
        java(
            new Named("announce") {
              @Override
              public void afterHealthy(TaskMetadata task) throws Exception {
                throw new java.io.IOException("pid " + task.pid().getAsLong() + " not announced");
              }
            });

    assertEquals(
        "Hook announce (after-healthy) failed: java.io.IOException: pid 77 not announced",
        failure(hooks.afterHealthy(meta().withPid(77))).getMessage());
  }

  @Test
  public void aJavaBeforeTerminateHookThatThrowsIsIgnored() throws Exception {
    CountDownLatch second = new CountDownLatch(1);
    Hooks hooks =
        open(
            new OperatorHooks(
                Optional.empty(),
                List.of(
                    new Named("first") {
                      @Override
                      public void beforeTerminate(TaskMetadata task) {
                        throw new IllegalStateException("cannot deregister");
                      }
                    },
                    new Named("second") {
                      @Override
                      public void beforeTerminate(TaskMetadata task) {
                        second.countDown();
                      }
                    }),
                LONG,
                ctx));

    await(hooks.beforeTerminate(meta().withPid(77), LONG));

    assertEquals(0, second.getCount());
  }
}
