package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.LibC;
import org.mesosexec.process.ProcessTracker;
import org.mesosexec.process.Signaller;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.time.SystemScheduler;

/**
 * The empty set of hooks.
 */
public class NoHooksTest extends HookFixture {
  @Test
  public void noHooksCompleteEveryPointAtOnce() throws Exception {
    Hooks none = Hooks.none();

    assertTrue(none.isEmpty());
    assertEquals(Map.of(), none.beforeStart(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.afterHealthy(meta()).get(0, TimeUnit.SECONDS));
    assertEquals(null, none.beforeTerminate(meta(), LONG).get(0, TimeUnit.SECONDS));
    none.close();
  }
}
