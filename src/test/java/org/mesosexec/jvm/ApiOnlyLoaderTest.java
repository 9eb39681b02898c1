package org.mesosexec.jvm;

import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.mesosexec.api.Task;

/** The parent of every task's class loader. */
public class ApiOnlyLoaderTest {
  @Test
  public void itGivesTasksTheJdkAndTheExecutorsOwnApiClasses() throws Exception {
    assertSame(Task.class, ApiOnlyLoader.INSTANCE.loadClass(Task.class.getName()));
    assertSame(String.class, ApiOnlyLoader.INSTANCE.loadClass("java.lang.String"));
  }

  @Test
  public void itHidesTheExecutorsLibrariesAndInternals() {
    assertThrows(
        ClassNotFoundException.class,
        () -> ApiOnlyLoader.INSTANCE.loadClass("com.google.gson.Gson"));
    assertThrows(
        ClassNotFoundException.class,
        () -> ApiOnlyLoader.INSTANCE.loadClass(JvmLoader.class.getName()));
  }

  /** Every task's loader asks it for each class it links: tasks on other threads do not queue. */
  @Test
  public void itLoadsForManyTasksAtOnceWithoutOneLockForAll() {
    assertTrue(ApiOnlyLoader.INSTANCE.isRegisteredAsParallelCapable());
  }
}
