package io.hapair.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.Patience;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The class-data archive hanode-install builds on a VM with hanode-archive-classes (both from the
 * cloud-init user data): a training start of the real jar leaves an archive from which the systemd
 * unit's JVM loads the node's classes, instead of reading and verifying them from the jar.
 */
class ClassArchiveTest {

    private static final String UNIT_ARCHIVE = "/opt/hanode/hanode.jsa";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(117);

    @Test
    void theInstallsTrainingStartLeavesAnArchiveTheUnitsJvmLoadsTheNodesClassesFrom() throws Exception {
        CloudInitDocument userData = NodeUserDataTest.armNodes(ArmTemplate.withParameters(
            ArmTemplate.read(DeploySamples.armTemplate()), ArmTemplateTest.requiredParameters()), Map.of()).get(0);
        Path script = fixtures.workDir().resolve("hanode-archive-classes");
        Files.writeString(script, userData.file("/usr/local/sbin/hanode-archive-classes").content());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path archive = fixtures.workDir().resolve("hanode.jsa");
        Path log = fixtures.workDir().resolve("hanode-archive-classes.log");

        Process training = new ProcessBuilder(script.toString(), HanodeJar.jar().toString(), archive.toString(),
            fixtures.nextAddress()).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile())).start();
        if (!training.waitFor(Patience.START.plus(Patience.EXIT).toMillis(), TimeUnit.MILLISECONDS)) {
            training.descendants().forEach(ProcessHandle::destroyForcibly);
            training.destroyForcibly();
        }

        assertThat(training.exitValue()).as("hanode-archive-classes exit; its output:\n%s", Files.readString(log))
            .isZero();
        List<String> unitJvm = unitJvmOptions(userData.serviceSettings().get("ExecStart"));
        assertThat(unitJvm).as("the unit's JVM options").contains("-XX:SharedArchiveFile=" + UNIT_ARCHIVE);
        List<String> command = new ArrayList<>();
        for (String option : unitJvm) {
            command.add(option.replace(UNIT_ARCHIVE, archive.toString()));
        }
        // -Xshare:on: a JVM that cannot map the archive refuses to start instead of carrying on without it.
        command.addAll(List.of("-Xshare:on", "-Xlog:class+load=info"));
        Process version = new ProcessBuilder(HanodeJar.command(command, List.of("--version"))).redirectErrorStream(true)
            .start();
        String classes = new String(version.getInputStream().readAllBytes());
        assertThat(version.waitFor(Patience.EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as(classes).isZero();
        assertThat(classes).contains("io.hapair.node.cli.HaNodeCommand source: shared objects file (top)");
    }

    /** The options between {@code /usr/bin/java} and {@code -jar} of the unit's ExecStart. */
    private static List<String> unitJvmOptions(String execStart) {
        Matcher m = Pattern.compile("^/usr/bin/java (.*?) -jar ").matcher(execStart);
        assertThat(m.find()).as("ExecStart runs /usr/bin/java ... -jar: %s", execStart).isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }
}
