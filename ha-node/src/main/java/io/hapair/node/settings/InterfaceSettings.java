package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hapair.geo.IpPrefix;
import java.util.List;

/**
 * How one network interface is set up (node-local).
 *
 * @param name the interface, such as eth0; the document's id
 * @param linkUp whether the link is brought up
 * @param speedDuplex the link speed and duplex, or auto-negotiation
 * @param mtu the largest packet, in bytes
 * @param additionalAddresses more addresses with prefix length, such as 10.0.1.6/24, beyond the
 *     primary one in {@link InterfaceAddress}
 */
public record InterfaceSettings(String name, Boolean linkUp, SpeedDuplex speedDuplex, Integer mtu,
                                List<String> additionalAddresses) {

    // Ethernet's standard MTU; the clouds accept it everywhere (Azure and AWS allow more only on some paths).
    public static final int DEFAULT_MTU = 1500;

    public enum SpeedDuplex {
        @JsonProperty("auto") AUTO,
        @JsonProperty("10-half") MBIT_10_HALF,
        @JsonProperty("10-full") MBIT_10_FULL,
        @JsonProperty("100-half") MBIT_100_HALF,
        @JsonProperty("100-full") MBIT_100_FULL,
        @JsonProperty("1000-full") MBIT_1000_FULL,
        @JsonProperty("10000-full") MBIT_10000_FULL
    }

    public InterfaceSettings {
        linkUp = linkUp == null ? Boolean.TRUE : linkUp; // an interface is configured to be used
        // Auto-negotiation: a forced setting that the other end does not share gives a duplex mismatch.
        speedDuplex = speedDuplex == null ? SpeedDuplex.AUTO : speedDuplex;
        mtu = mtu == null ? DEFAULT_MTU : mtu;
        additionalAddresses = additionalAddresses == null ? List.of()
                : additionalAddresses.stream().map(IpPrefix::canonical).toList();
    }
}
