package io.hapair.node.witness.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.hapair.node.witness.WitnessClient;
import io.hapair.node.witness.WitnessSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The witness lease on one Azure blob per pair, through the Azure SDK (over the JDK's HTTP client).
 * The SDK's calls block, so they run on a worker of their own, one at a time; their futures complete
 * on the caller's event loop. Blob leases carry no revision, so the fencing token is a counter in the
 * blob's metadata that each new holder raises while its lease guards the blob.
 *
 * <p>Credentials: the node's managed identity ({@code DefaultAzureCredential}; a user-assigned one by
 * {@code AZURE_CLIENT_ID}), which needs the "Storage Blob Data Contributor" role on the container, or
 * a storage connection string from witness-secret-file (Azurite, or an account without identities).
 */
public final class AzureBlobWitness implements WitnessClient {

    // Metadata names are C# identifiers to the service; lower case, as it stores them.
    private static final String TOKEN = "hapairfencingtoken";
    private static final String HOLDER = "hapairholder";
    /** Answers that mean "the lease is not (or no longer) ours", as opposed to "the service did not answer". */
    private static final Set<BlobErrorCode> NOT_OURS = Set.of(BlobErrorCode.LEASE_ALREADY_PRESENT,
            BlobErrorCode.LEASE_ID_MISMATCH_WITH_LEASE_OPERATION, BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION,
            BlobErrorCode.LEASE_NOT_PRESENT_WITH_LEASE_OPERATION, BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION,
            BlobErrorCode.LEASE_LOST, BlobErrorCode.LEASE_IS_BREAKING_AND_CANNOT_BE_ACQUIRED,
            BlobErrorCode.LEASE_IS_BROKEN_AND_CANNOT_BE_RENEWED);

    private final WorkerExecutor worker;
    private final BlobClient blob;
    private final String target;
    private final String holder;
    private final int ttlSeconds;
    private final Duration timeout;

    public AzureBlobWitness(Vertx vertx, WitnessSettings settings) {
        this.worker = vertx.createSharedWorkerExecutor("hanode-witness", 1);
        this.holder = settings.holder();
        this.ttlSeconds = (int) settings.leaseTtl().toSeconds();
        // A request that hangs must give up before the next round; the lease's deadline is watched meanwhile.
        this.timeout = settings.leaseTtl().dividedBy(3);
        HttpClient http = new JdkHttpClientBuilder().connectionTimeout(timeout).responseTimeout(timeout).build();
        BlobServiceClientBuilder service = new BlobServiceClientBuilder().httpClient(http)
                // One try: the next round is the retry, with the lease's deadline in view.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, timeout, null, null, null));
        if (settings.secret() == null) {
            service.credential(new DefaultAzureCredentialBuilder().httpClient(http).build());
        } else {
            service.connectionString(settings.secret());
        }
        service.endpoint(settings.endpoints().get(0).toString());
        int slash = settings.name().indexOf('/');
        this.blob = service.buildClient().getBlobContainerClient(settings.name().substring(0, slash))
                .getBlobClient(settings.name().substring(slash + 1));
        this.target = settings.endpoints().get(0) + " blob " + settings.name();
    }

    @Override
    public Future<Answer> acquire() {
        return worker.executeBlocking(() -> {
            String id = UUID.randomUUID().toString();
            BlobLeaseClient lease = leaseClient(id);
            try {
                lease.acquireLeaseWithResponse(ttlSeconds, null, timeout, Context.NONE);
            } catch (BlobStorageException e) {
                if (NOT_OURS.contains(e.getErrorCode())) {
                    return holderNow();
                }
                if (!missing(e)) {
                    throw failure(e);
                }
                createBlob();
                return acquireCreated(lease);
            }
            return raiseToken(id);
        });
    }

    /** The blob was just made, perhaps by the partner at the same moment: one of us gets the lease. */
    private Answer acquireCreated(BlobLeaseClient lease) {
        try {
            lease.acquireLeaseWithResponse(ttlSeconds, null, timeout, Context.NONE);
        } catch (BlobStorageException e) {
            if (NOT_OURS.contains(e.getErrorCode())) {
                return holderNow();
            }
            throw failure(e);
        }
        return raiseToken(lease.getLeaseId());
    }

    /**
     * The lease guards the blob now: no other holder can write the counter between our read and write.
     * Should that fail, the lease goes back at once rather than stay taken by a node that does not know it.
     */
    private Answer raiseToken(String id) {
        try {
            Map<String, String> metadata = new HashMap<>(blob.getPropertiesWithResponse(null, timeout, Context.NONE)
                    .getValue().getMetadata());
            long token = Long.parseLong(metadata.getOrDefault(TOKEN, "0")) + 1;
            metadata.put(TOKEN, Long.toString(token));
            metadata.put(HOLDER, holder);
            blob.setMetadataWithResponse(metadata, new BlobRequestConditions().setLeaseId(id), timeout, Context.NONE);
            return new Answer.Ours(new Lease(id, token, Duration.ofSeconds(ttlSeconds)));
        } catch (RuntimeException e) {
            try {
                leaseClient(id).releaseLeaseWithResponse((BlobRequestConditions) null, timeout, Context.NONE);
            } catch (RuntimeException ignored) {
                // It runs out by itself after the TTL.
            }
            throw e instanceof BlobStorageException b ? failure(b) : e;
        }
    }

    @Override
    public Future<Answer> renew(Lease lease) {
        return worker.executeBlocking(() -> {
            try {
                leaseClient(lease.id()).renewLeaseWithResponse((BlobRequestConditions) null, timeout, Context.NONE);
                return new Answer.Ours(lease);
            } catch (BlobStorageException e) {
                if (NOT_OURS.contains(e.getErrorCode()) || missing(e)) {
                    return holderNow();
                }
                throw failure(e);
            }
        });
    }

    @Override
    public Future<Void> release(Lease lease) {
        return worker.executeBlocking(() -> {
            try {
                leaseClient(lease.id()).releaseLeaseWithResponse((BlobRequestConditions) null, timeout, Context.NONE);
            } catch (BlobStorageException e) {
                if (!NOT_OURS.contains(e.getErrorCode())) {
                    throw failure(e);
                }
            }
            return null;
        });
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void close() {
        worker.close();
    }

    private BlobLeaseClient leaseClient(String id) {
        return new BlobLeaseClientBuilder().blobClient(blob).leaseId(id).buildClient();
    }

    /** The first node to ask makes the container and the empty blob. */
    private void createBlob() {
        blob.getContainerClient().createIfNotExists();
        try {
            blob.upload(BinaryData.fromBytes(new byte[0]), false);
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.BLOB_ALREADY_EXISTS) {
                throw failure(e);
            }
        }
    }

    private Answer holderNow() {
        BlobProperties p;
        try {
            p = blob.getPropertiesWithResponse(null, timeout, Context.NONE).getValue();
        } catch (BlobStorageException e) {
            if (missing(e)) {
                return new Answer.Theirs("the blob was deleted");
            }
            throw failure(e);
        }
        if (p.getLeaseState() != LeaseStateType.LEASED) {
            return new Answer.Theirs("nobody holds the lease now");
        }
        String who = p.getMetadata().getOrDefault(HOLDER, "an unnamed holder");
        return new Answer.Theirs("held by " + who + " (fencing token " + p.getMetadata().getOrDefault(TOKEN, "?") + ")");
    }

    private static boolean missing(BlobStorageException e) {
        return e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND;
    }

    /** The service's answer in one line: its error code and status, which say what to fix (403: the role). */
    private IllegalStateException failure(BlobStorageException e) {
        String hint = e.getStatusCode() == 403
                ? "; give the node's identity the role Storage Blob Data Contributor on the container" : "";
        return new IllegalStateException("Azure blob service at " + target + " refused: HTTP " + e.getStatusCode()
                + " " + e.getErrorCode() + hint, e);
    }
}
