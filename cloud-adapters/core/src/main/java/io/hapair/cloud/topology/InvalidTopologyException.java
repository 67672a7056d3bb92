package io.hapair.cloud.topology;

/**
 * Bad input for the pair's cloud side: names the setting, what is wrong and how to fix it, e.g.
 * "node1.address: '10.0.1.x' is not an IPv4 address; give the node's private address such as 10.0.1.4".
 */
public final class InvalidTopologyException extends IllegalArgumentException {

    private final String field;

    public InvalidTopologyException(String field, String problem, String fix) {
        super(field + ": " + problem + "; " + fix);
        this.field = field;
    }

    /** The setting at fault, as it is spelled in the topology file. */
    public String field() {
        return field;
    }
}
