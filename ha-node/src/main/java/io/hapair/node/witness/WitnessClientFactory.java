package io.hapair.node.witness;

import io.vertx.core.Vertx;

/**
 * Makes the client of a witness store whose code lives with the cloud SDKs (the Azure blob witness),
 * found through {@link java.util.ServiceLoader} with {@link io.hapair.cloud.run.CloudClasses#loader()}:
 * the release jar keeps those SDKs in a nested jar that the node opens only when it needs them.
 */
public interface WitnessClientFactory {

    /** The store this factory's clients use. */
    WitnessType type();

    /** A client of the store the settings name; it makes no request yet. */
    WitnessClient connect(Vertx vertx, WitnessSettings settings);
}
