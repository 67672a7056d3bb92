package io.hapair.tests.deploy;

import io.hapair.cloud.topology.PairTopology;
import io.hapair.cloud.topology.PublishedPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The one fixture factory of the deploy tests: where the deployment files are, and sample inputs. */
final class DeploySamples {

    // A quote, a colon and a hash: each would break the node's YAML if a template forgot to escape it.
    static final String PAIRING_SECRET = "it's-a-pairing-secret: #0123456789";
    static final String ADMIN_PASSWORD = "B@l'Passw0rd: #2024";
    static final String RELEASE_URL = "https://downloads.example.com/ha-pair/0.1.0/hanode.jar";
    static final String RELEASE_SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String SSH_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHapairSampleKeyOnlyForTheDeployTests0000 admin@example";

    private DeploySamples() {
    }

    /** The repository root, found from the tests module (where Maven runs them) or the root itself. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("arm-templates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no arm-templates/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path armTemplate() {
        return repositoryRoot().resolve("arm-templates/azuredeploy.json");
    }

    static Path armParameters() {
        return repositoryRoot().resolve("arm-templates/azuredeploy.parameters.json");
    }

    static Path cloudInitTemplate() {
        return repositoryRoot().resolve("terraform/cloud-init/hanode.cloud-init.tftpl");
    }

    static Path terraform(String relative) {
        return repositoryRoot().resolve("terraform").resolve(relative);
    }

    /** PairTopology with the inputs a deployment exposes; everything else stays at PairTopology's defaults. */
    static PairTopology topology(String node1Address, String node2Address, List<PublishedPort> publishedPorts,
                                 List<String> clientSources) {
        return PairTopology.builder().node1Address(node1Address).node2Address(node2Address)
            .publishedPorts(publishedPorts).clientSources(clientSources).build();
    }
}
