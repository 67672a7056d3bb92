package io.hapair.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hanode cloud} as its own process, as an operator runs it: standard output carries the
 * command's output only, whatever the SDKs log, and a failed Azure sign-in asks {@code az} once.
 * The Azure CLI is a stand-in script on the PATH that counts its runs and is not signed in.
 */
class CloudCommandProcessTest {

    private static final String SUBSCRIPTION = "0b7c3a1e-5d2f-4a6b-9c8d-7e6f5a4b3c2d";

    @Test
    void failedSignInRunsAzOnceAndPrintsOnlyTheCommandsOwnLinesOnStandardOutput(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path runs = dir.resolve("az-runs");
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path az = bin.resolve("az");
        Files.writeString(az, "#!/bin/sh\necho \"$*\" >> " + runs + "\n"
            + "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder hanode = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), HaNodeCommand.class.getName(), "cloud", "plan",
            "--provider", "azure", "--subscription", SUBSCRIPTION, "--resource-group", "rg-pair",
            "--load-balancer", "ilb-pair", "--node1-nic", "nic-node1", "--node2-nic", "nic-node2",
            "--node1-address", "10.1.0.4", "--node2-address", "10.1.0.5",
            // Never reached: signing in comes first.
            "--arm-endpoint", "https://127.20.62.1:9", "--timeout", "25s")
            .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        Map<String, String> env = hanode.environment();
        env.keySet().removeIf(name -> name.startsWith("AZURE_") || name.startsWith("IDENTITY_")
            || name.startsWith("MSI_"));
        // The developer credentials only (Azure CLI first): a managed identity endpoint this host may have
        // would otherwise answer first.
        env.put("AZURE_TOKEN_CREDENTIALS", "dev");
        env.put("PATH", bin.toString());
        env.put("HOME", dir.toString());

        Process process = hanode.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("hanode cloud plan ended").isTrue();

        String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stdout.lines().toList()).as("standard output, with standard error:%n%s", stderr).isEqualTo(List.of(
            "Azure load balancer ilb-pair in resource group rg-pair (subscription " + SUBSCRIPTION + ")"));
        assertThat(stderr).contains("error: signing in to Azure failed (").contains("run `az login`");
        assertThat(runs).as("az ran; standard error:%n%s", stderr).exists();
        assertThat(Files.readAllLines(runs)).as("az runs").hasSize(1);
    }
}
