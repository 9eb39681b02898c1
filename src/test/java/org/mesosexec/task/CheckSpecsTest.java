package org.mesosexec.task;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.NetworkInfo;
import org.junit.Test;
import org.mesosexec.health.CheckPlan;
import org.mesosexec.health.HealthPlan;
import org.mesosexec.health.HealthPolicy;
import org.mesosexec.health.Probe;
import org.mesosexec.health.Timing;
import org.mesosexec.json.Json;

/** HealthCheck and CheckInfo as the executor accepts them: Mesos' defaults and its refusals. */
public class CheckSpecsTest {
  private static final String AT = "TaskInfo.health_check";

  private static CommandInfo shell(String value) {
    return CommandInfo.newBuilder().setValue(value).build();
  }

  private static HealthCheck.Builder commandHealth() {
    return HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).setCommand(shell("true"));
  }

  private static HealthCheck.Builder httpHealth(int port) {
    return HealthCheck.newBuilder()
        .setType(HealthCheck.Type.HTTP)
        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port));
  }

  private static CheckInfo.Builder tcpCheck(int port) {
    return CheckInfo.newBuilder()
        .setType(CheckInfo.Type.TCP)
        .setTcp(CheckInfo.Tcp.newBuilder().setPort(port));
  }

  private static String refusal(HealthCheck h) {
    return assertThrows(InvalidTaskException.class, () -> CheckSpecs.health(h, AT)).getMessage();
  }

  private static String refusal(CheckInfo c) {
    return assertThrows(InvalidTaskException.class, () -> CheckSpecs.check(c, "TaskInfo.check"))
        .getMessage();
  }

  private static String specRefusal(String json) {
    return assertThrows(
            InvalidTaskException.class, () -> CheckSpecs.healthFromSpec(Json.parse(json)))
        .getMessage();
  }

  // ---- defaults ----

  @Test
  public void aHealthCheckGetsMesosDefaultsForWhatItLeavesOut() {
    HealthPlan plan = CheckSpecs.health(commandHealth().build(), AT);

    assertEquals(
        new Timing(
            Duration.ofSeconds(15), Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(20))),
        plan.check().timing());
    assertEquals(new HealthPolicy(Duration.ofSeconds(10), 3), plan.policy());
    assertEquals(
        new Probe.Command(List.of("/bin/sh", "-c", "true"), Map.of(), Optional.empty()),
        plan.check().probe());
  }

  @Test
  public void aCheckGetsMesosDefaultsForWhatItLeavesOut() {
    CheckPlan plan = CheckSpecs.check(tcpCheck(9).build(), "TaskInfo.check");

    assertEquals(
        new Timing(
            Duration.ofSeconds(15), Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(20))),
        plan.timing());
    assertEquals(new Probe.Tcp(9, false), plan.probe());
  }

  @Test
  public void givenValuesAreTakenAsSecondsWithFractions() {
    HealthPlan plan =
        CheckSpecs.health(
            commandHealth()
                .setDelaySeconds(0.5)
                .setIntervalSeconds(2.25)
                .setTimeoutSeconds(1)
                .setGracePeriodSeconds(0)
                .setConsecutiveFailures(7)
                .build(),
            AT);

    assertEquals(
        new Timing(
            Duration.ofMillis(500), Duration.ofMillis(2250), Optional.of(Duration.ofSeconds(1))),
        plan.check().timing());
    assertEquals(new HealthPolicy(Duration.ZERO, 7), plan.policy());
  }

  @Test
  public void aZeroTimeoutMeansNoTimeout() {
    assertEquals(
        Optional.empty(),
        CheckSpecs.health(commandHealth().setTimeoutSeconds(0).build(), AT)
            .check()
            .timing()
            .timeout());
    assertEquals(
        Optional.empty(),
        CheckSpecs.check(tcpCheck(9).setTimeoutSeconds(0).build(), "TaskInfo.check")
            .timing()
            .timeout());
  }

  @Test
  public void theSpecFormTakesTheSameDefaults() {
    HealthPlan plan =
        CheckSpecs.healthFromSpec(
            Json.parse("{\"type\":\"TCP\",\"tcp\":{\"port\":8080},\"timeout_seconds\":0}"));

    assertEquals(new Probe.Tcp(8080, false), plan.check().probe());
    assertEquals(
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Optional.empty()),
        plan.check().timing());
    assertEquals(new HealthPolicy(Duration.ofSeconds(10), 3), plan.policy());
  }

  // ---- type ----

  @Test
  public void theTypeIsInferredWhenOnlyOneKindIsGiven() {
    assertEquals(
        new Probe.Http("http", 8080, "/health", false),
        CheckSpecs.health(
                HealthCheck.newBuilder()
                    .setHttp(
                        HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/health"))
                    .build(),
                AT)
            .check()
            .probe());
    assertEquals(
        new Probe.Command(List.of("/bin/sh", "-c", "true"), Map.of(), Optional.empty()),
        CheckSpecs.health(HealthCheck.newBuilder().setCommand(shell("true")).build(), AT)
            .check()
            .probe());
    assertEquals(
        new Probe.Tcp(9, false),
        CheckSpecs.check(
                CheckInfo.newBuilder().setTcp(CheckInfo.Tcp.newBuilder().setPort(9)).build(),
                "TaskInfo.check")
            .probe());
    assertEquals(
        new Probe.Tcp(8080, false),
        CheckSpecs.healthFromSpec(Json.parse("{\"tcp\":{\"port\":8080}}")).check().probe());
  }

  @Test
  public void withoutATypeTwoKindsOrNoneAreRefused() {
    assertEquals(
        "TaskInfo.health_check.type is missing; give COMMAND, HTTP or TCP",
        refusal(
            HealthCheck.newBuilder()
                .setCommand(shell("true"))
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(9))
                .build()));
    assertEquals(
        "TaskInfo.check.type is missing; give COMMAND, HTTP or TCP",
        refusal(CheckInfo.getDefaultInstance()));
  }

  @Test
  public void anUnknownTypeInTheSpecIsRefusedByName() {
    assertEquals(
        "health_check.type \"FOO\" is not a check type; give COMMAND, HTTP or TCP",
        specRefusal("{\"type\":\"FOO\",\"command\":{\"value\":\"true\"}}"));
  }

  @Test
  public void theTypeUnknownIsRefused() {
    assertEquals(
        "TaskInfo.health_check.type \"UNKNOWN\" is not a check type;"
            + " give COMMAND, HTTP or TCP",
        refusal(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.UNKNOWN)
                .setCommand(shell("true"))
                .build()));
    assertEquals(
        "TaskInfo.check.type \"UNKNOWN\" is not a check type; give COMMAND, HTTP or TCP",
        refusal(
            CheckInfo.newBuilder()
                .setType(CheckInfo.Type.UNKNOWN)
                .setTcp(CheckInfo.Tcp.newBuilder().setPort(9))
                .build()));
  }

  // ---- ports ----

  @Test
  public void aMissingPortIsNamed() {
    assertEquals(
        "TaskInfo.health_check.http.port is missing",
        refusal(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPath("/").buildPartial())
                .buildPartial()));
    assertEquals(
        "TaskInfo.health_check.tcp.port is missing",
        refusal(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().buildPartial())
                .buildPartial()));
    assertEquals(
        "TaskInfo.check.http.port is missing",
        refusal(
            CheckInfo.newBuilder()
                .setType(CheckInfo.Type.HTTP)
                .setHttp(CheckInfo.Http.newBuilder().buildPartial())
                .buildPartial()));
    assertEquals(
        "TaskInfo.check.tcp.port is missing",
        refusal(
            CheckInfo.newBuilder()
                .setType(CheckInfo.Type.TCP)
                .setTcp(CheckInfo.Tcp.newBuilder().buildPartial())
                .buildPartial()));
  }

  @Test
  public void aMissingHttpOrTcpPartIsNamed() {
    assertEquals(
        "TaskInfo.health_check.http is missing: an HTTP health check needs it",
        refusal(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP).build()));
    assertEquals(
        "TaskInfo.check.tcp is missing: a TCP check needs it",
        refusal(CheckInfo.newBuilder().setType(CheckInfo.Type.TCP).build()));
  }

  @Test
  public void portsOutsideTheRangeAreRefused() {
    assertEquals(
        "TaskInfo.health_check.http.port must be between 1 and 65535, got 0",
        refusal(httpHealth(0).build()));
    assertEquals(
        "TaskInfo.health_check.http.port must be between 1 and 65535, got 70000",
        refusal(httpHealth(70000).build()));
    assertEquals(
        "TaskInfo.check.tcp.port must be between 1 and 65535, got 0", refusal(tcpCheck(0).build()));
    assertEquals(
        "TaskInfo.check.tcp.port must be between 1 and 65535, got 70000",
        refusal(tcpCheck(70000).build()));
    assertEquals(
        "a uint32 is read unsigned",
        "TaskInfo.check.tcp.port must be between 1 and 65535, got 4294967295",
        refusal(tcpCheck(-1).build()));
  }

  @Test
  public void theEndsOfThePortRangeAreAccepted() {
    assertEquals(
        new Probe.Tcp(1, false), CheckSpecs.check(tcpCheck(1).build(), "TaskInfo.check").probe());
    assertEquals(
        new Probe.Tcp(65535, false),
        CheckSpecs.check(tcpCheck(65535).build(), "TaskInfo.check").probe());
  }

  // ---- commands ----

  @Test
  public void aCommandCheckWithoutACommandIsRefused() {
    assertEquals(
        "TaskInfo.health_check.command is missing: a COMMAND check needs the command to" + " run",
        refusal(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).build()));
    assertEquals(
        "TaskInfo.check.command.command is missing: a COMMAND check needs the command to" + " run",
        refusal(CheckInfo.newBuilder().setType(CheckInfo.Type.COMMAND).build()));
  }

  @Test
  public void aCommandWithAnEmptyValueIsRefused() {
    assertEquals(
        "TaskInfo.health_check.command.value is missing: a COMMAND check needs the shell"
            + " command",
        refusal(commandHealth().setCommand(shell("")).build()));
    assertEquals(
        "TaskInfo.health_check.command.value is missing: a COMMAND check needs the shell"
            + " command",
        refusal(commandHealth().setCommand(shell("   ")).build()));
    assertEquals(
        "TaskInfo.health_check.command.value is missing: a COMMAND check needs the"
            + " program to run",
        refusal(commandHealth().setCommand(CommandInfo.newBuilder().setShell(false)).build()));
    assertEquals(
        "TaskInfo.check.command.command.value is missing: a COMMAND check needs the"
            + " shell command",
        refusal(
            CheckInfo.newBuilder()
                .setType(CheckInfo.Type.COMMAND)
                .setCommand(CheckInfo.Command.newBuilder().setCommand(shell("")))
                .build()));
  }

  @Test
  public void aCommandWithoutShellRunsValueWithTheArgumentsAfterTheFirst() {
    CommandInfo exec =
        CommandInfo.newBuilder()
            .setShell(false)
            .setValue("/usr/bin/curl")
            .addArguments("curl")
            .addArguments("-f")
            .addArguments("http://127.0.0.1/")
            .build();

    Probe.Command probe =
        (Probe.Command)
            CheckSpecs.health(commandHealth().setCommand(exec).build(), AT).check().probe();

    assertEquals(List.of("/usr/bin/curl", "-f", "http://127.0.0.1/"), probe.argv());
  }

  @Test
  public void theCommandsEnvironmentAndUserGoIntoTheProbe() {
    CommandInfo command =
        CommandInfo.newBuilder()
            .setValue("test -n \"$TOKEN\"")
            .setUser("nobody")
            .setEnvironment(
                Environment.newBuilder()
                    .addVariables(
                        Environment.Variable.newBuilder().setName("TOKEN").setValue("abc"))
                    .addVariables(Environment.Variable.newBuilder().setName("EMPTY").setValue("")))
            .build();

    Probe.Command probe =
        (Probe.Command)
            CheckSpecs.check(
                    CheckInfo.newBuilder()
                        .setType(CheckInfo.Type.COMMAND)
                        .setCommand(CheckInfo.Command.newBuilder().setCommand(command))
                        .build(),
                    "TaskInfo.check")
                .probe();

    assertEquals(Map.of("TOKEN", "abc", "EMPTY", ""), probe.env());
    assertEquals(Optional.of("nobody"), probe.user());
    assertEquals(List.of("/bin/sh", "-c", "test -n \"$TOKEN\""), probe.argv());
  }

  // ---- durations ----

  @Test
  public void aZeroOrNegativeIntervalIsRefused() {
    assertEquals(
        "TaskInfo.health_check.interval_seconds must be greater than 0, got 0.0",
        refusal(commandHealth().setIntervalSeconds(0).build()));
    assertEquals(
        "TaskInfo.health_check.interval_seconds must be greater than 0, got -1.0",
        refusal(commandHealth().setIntervalSeconds(-1).build()));
    assertEquals(
        "TaskInfo.check.interval_seconds must be greater than 0, got 0.0",
        refusal(tcpCheck(9).setIntervalSeconds(0).build()));
  }

  @Test
  public void negativeDelayTimeoutAndGraceAreRefused() {
    assertEquals(
        "TaskInfo.health_check.delay_seconds must be 0 or more, got -1.0",
        refusal(commandHealth().setDelaySeconds(-1).build()));
    assertEquals(
        "TaskInfo.health_check.timeout_seconds must be 0 or more, got -0.5",
        refusal(commandHealth().setTimeoutSeconds(-0.5).build()));
    assertEquals(
        "TaskInfo.health_check.grace_period_seconds must be 0 or more, got -10.0",
        refusal(commandHealth().setGracePeriodSeconds(-10).build()));
    assertEquals(
        "TaskInfo.check.delay_seconds must be 0 or more, got -1.0",
        refusal(tcpCheck(9).setDelaySeconds(-1).build()));
  }

  @Test
  public void notANumberIsRefused() {
    assertEquals(
        "TaskInfo.health_check.delay_seconds must be 0 or more, got NaN",
        refusal(commandHealth().setDelaySeconds(Double.NaN).build()));
    assertEquals(
        "TaskInfo.health_check.interval_seconds must be greater than 0, got NaN",
        refusal(commandHealth().setIntervalSeconds(Double.NaN).build()));
    assertEquals(
        "TaskInfo.health_check.grace_period_seconds must be 0 or more, got NaN",
        refusal(commandHealth().setGracePeriodSeconds(Double.NaN).build()));
    assertEquals(
        "health_check.timeout_seconds must be 0 or more, got NaN",
        specRefusal("{\"type\":\"TCP\",\"tcp\":{\"port\":9},\"timeout_seconds\":\"NaN\"}"));
  }

  @Test
  public void periodsTooSmallToMeasureAreKeptAsOneNanosecondNotAsZero() {
    HealthPlan plan =
        CheckSpecs.health(
            commandHealth().setIntervalSeconds(1e-10).setTimeoutSeconds(1e-10).build(), AT);

    assertEquals(Duration.ofNanos(1), plan.check().timing().interval());
    assertEquals(
        "a tiny timeout is a timeout, not 'no limit'",
        Optional.of(Duration.ofNanos(1)),
        plan.check().timing().timeout());
  }

  @Test
  public void hugeDurationsAreCappedInsteadOfOverflowing() {
    HealthPlan plan =
        CheckSpecs.health(
            commandHealth()
                .setDelaySeconds(1e300)
                .setGracePeriodSeconds(Double.POSITIVE_INFINITY)
                .build(),
            AT);

    assertEquals(Duration.ofSeconds(1_000_000_000), plan.check().timing().delay());
    assertEquals(Duration.ofSeconds(1_000_000_000), plan.policy().gracePeriod());
  }

  // ---- HTTP ----

  @Test
  public void aSchemeOtherThanHttpOrHttpsIsRefused() {
    assertEquals(
        "TaskInfo.health_check.http.scheme must be \"http\" or \"https\", got \"ftp\"",
        refusal(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setScheme("ftp"))
                .build()));
  }

  @Test
  public void aPathWithoutLeadingSlashIsRefused() {
    assertEquals(
        "TaskInfo.health_check.http.path must start with '/', got \"health\"",
        refusal(
            HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setPath("health"))
                .build()));
    assertEquals(
        "TaskInfo.check.http.path must start with '/', got \"health\"",
        refusal(
            CheckInfo.newBuilder()
                .setType(CheckInfo.Type.HTTP)
                .setHttp(CheckInfo.Http.newBuilder().setPort(80).setPath("health"))
                .build()));
  }

  @Test
  public void httpsOverIpv6AsksTheLoopbackAddressInBrackets() {
    Probe.Http probe =
        (Probe.Http)
            CheckSpecs.health(
                    HealthCheck.newBuilder()
                        .setType(HealthCheck.Type.HTTP)
                        .setHttp(
                            HealthCheck.HTTPCheckInfo.newBuilder()
                                .setScheme("https")
                                .setPort(8443)
                                .setPath("/x")
                                .setProtocol(NetworkInfo.Protocol.IPv6))
                        .build(),
                    AT)
                .check()
                .probe();

    assertEquals("https://[::1]:8443/x", probe.url());
  }

  @Test
  public void plainHttpDefaultsToIpv4LoopbackAndTheGivenPath() {
    assertEquals(
        "http://127.0.0.1:8080/ready",
        ((Probe.Http)
                CheckSpecs.check(
                        CheckInfo.newBuilder()
                            .setType(CheckInfo.Type.HTTP)
                            .setHttp(CheckInfo.Http.newBuilder().setPort(8080).setPath("/ready"))
                            .build(),
                        "TaskInfo.check")
                    .probe())
            .url());
  }

  // ---- the spec's JSON form ----

  @Test
  public void anUnknownKeyInTheSpecIsRefused() {
    assertThat(
        specRefusal("{\"type\":\"COMMAND\",\"command\":{\"value\":\"true\"}," + "\"interval\":5}"),
        startsWith("\"health_check\" is not a valid HealthCheck"));
  }

  @Test
  public void aSpecHealthCheckThatIsNotAnObjectIsRefused() {
    assertThat(specRefusal("\"curl localhost\""), startsWith("\"health_check\" must be an object"));
  }

  @Test
  public void refusalsOfTheSpecFormNameTheSpecsKey() {
    assertEquals(
        "health_check.tcp.port must be between 1 and 65535, got 0",
        specRefusal("{\"type\":\"TCP\",\"tcp\":{\"port\":0}}"));
    assertEquals(
        "health_check.http.scheme must be \"http\" or \"https\", got \"ftp\"",
        specRefusal("{\"type\":\"HTTP\",\"http\":{\"port\":80,\"scheme\":\"ftp\"}}"));
  }

  @Test
  public void aMissingPortInTheSpecFormIsNamed() {
    assertThat(
        specRefusal("{\"type\":\"HTTP\",\"http\":{\"path\":\"/\"}}"),
        containsString("health_check.http.port is missing"));
    assertThat(
        specRefusal("{\"type\":\"TCP\",\"tcp\":{}}"),
        containsString("health_check.tcp.port is missing"));
  }
}
