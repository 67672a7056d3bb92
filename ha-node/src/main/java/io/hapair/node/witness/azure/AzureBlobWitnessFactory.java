package io.hapair.node.witness.azure;

import io.hapair.node.witness.WitnessClient;
import io.hapair.node.witness.WitnessClientFactory;
import io.hapair.node.witness.WitnessSettings;
import io.hapair.node.witness.WitnessType;
import io.vertx.core.Vertx;

/** The {@link AzureBlobWitness}, as the node finds it among the cloud SDKs' classes. */
public final class AzureBlobWitnessFactory implements WitnessClientFactory {

    @Override
    public WitnessType type() {
        return WitnessType.AZURE_BLOB;
    }

    @Override
    public WitnessClient connect(Vertx vertx, WitnessSettings settings) {
        return new AzureBlobWitness(vertx, settings);
    }
}
