package org.mesosexec.hooks;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.mesosexec.testing.HookFiles;

/**
 * Finding the hooks: the executables of each point and the Java hooks of the service jars at the
 * top of the hooks directory, run through {@link Hooks#load}.
 */
public class HookCatalogueTest extends HookFixture {
  // ---- Hooks.load -----------------------------------------------------------------------------

  @Test
  public void withoutADirectoryAndNoServiceFileThereAreNoHooks() throws Exception {
    Hooks hooks = open(Hooks.load(Optional.empty(), LONG, ctx));

    assertTrue("the test class path must hold no TaskHook service file", hooks.isEmpty());
    assertEquals(Map.of(), hooks.beforeStart(meta()).get(0, TimeUnit.SECONDS));
  }

  @Test
  public void strayEntriesInTheHooksDirectoryAreIgnored() throws Exception {
    Files.writeString(hooksDir.resolve("README"), "hooks go in before-start/\n");
    Files.createDirectories(hooksDir.resolve(".git"));
    HookFiles.script(
        hooksDir, "before_start", "10-typo", "touch '" + out.resolve("typo-ran") + "'");
    Path topLevel = hooksDir.resolve("top-level.sh");
    Files.writeString(topLevel, "#!/bin/sh\ntouch '" + out.resolve("top-ran") + "'\n");
    Files.setPosixFilePermissions(topLevel, PosixFilePermissions.fromString("rwxr-xr-x"));

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));
    Map<String, String> env = await(hooks.beforeStart(meta()));

    assertFalse(hooks.isEmpty());
    assertEquals(Map.of(), env);
    assertFalse(Files.exists(out.resolve("typo-ran")));
    assertFalse(Files.exists(out.resolve("top-ran")));
  }

  @Test
  public void aJarNamingAMissingHookClassCannotBeLoaded() throws Exception {
    HookFiles.serviceJar(hooksDir, "broken.jar", "org.example.NoSuchHook");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertThat(e.getMessage(), containsString("cannot load a Java hook"));
    assertThat(e.getMessage(), containsString("org.example.NoSuchHook"));
  }

  @Test
  public void aJavaHookInAJarInTheHooksDirectoryRuns() throws Exception {
    HookFiles.serviceJar(hooksDir, "greeting.jar", GreetingHook.class.getName());

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertFalse(hooks.isEmpty());
    assertEquals(
        Map.of("JAVA_GREETING", "hello task-1 (storage)"), await(hooks.beforeStart(meta())));
  }

  @Test
  public void jarsBelowTheTopOfTheHooksDirectoryAreNotLoaded() throws Exception {
    HookFiles.serviceJar(hooksDir.resolve("lib"), "greeting.jar", GreetingHook.class.getName());

    Hooks hooks = open(Hooks.load(Optional.of(hooksDir), LONG, ctx));

    assertEquals(Map.of(), await(hooks.beforeStart(meta())));
  }
}
