package io.hapair.node.witness;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * One store's lease, as the {@link WitnessKeeper} uses it. Every method returns at once and completes
 * on the caller's event loop; a failed future means the store did not answer (unreachable, timed out,
 * refused our credentials), as opposed to an answer that the lease is someone else's.
 *
 * <p>Public, as are the types it uses, because the Azure blob witness implements it from the release jar's
 * nested jar of cloud SDKs: a class of another loader is in another runtime package, even of the same name.
 */
public interface WitnessClient {

    /** Our lease: the store's handle of it, the fencing token, and how long it lasts from the request. */
    record Lease(String id, long token, Duration ttl) {
    }

    /** The store's answer to an acquire or renew: our lease, or who else holds it. */
    sealed interface Answer {
        record Ours(Lease lease) implements Answer {
        }

        record Theirs(String holder) implements Answer {
        }
    }

    /** Takes the pair's lease if nobody holds it; answers who holds it otherwise. */
    Future<Answer> acquire();

    /** Extends our lease; answers {@link Answer.Theirs} when it ran out or was taken meanwhile. */
    Future<Answer> renew(Lease lease);

    /** Gives our lease up at once, so that the partner need not wait for it to run out. */
    Future<Void> release(Lease lease);

    /** Where the lease lives, for status: endpoint and key. */
    String target();

    void close();
}
