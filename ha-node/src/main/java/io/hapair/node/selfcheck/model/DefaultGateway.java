package io.hapair.node.selfcheck.model;

import java.util.Optional;

/** The IPv4 default gateway as the kernel's route table ({@code /proc/net/route}) lists it. */
public final class DefaultGateway {

    private DefaultGateway() {
    }

    /**
     * The gateway of the first default route (destination and mask 0) in the text of {@code /proc/net/route},
     * or empty when there is none. The kernel writes addresses as 8 hex digits in the host's byte order,
     * little-endian on the machines the node runs on (x86-64, arm64).
     */
    public static Optional<String> fromRouteTable(String routeTable) {
        for (String line : routeTable.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000") && !f[2].equals("00000000")
                    && f[2].matches("[0-9A-Fa-f]{8}")) {
                long g = Long.parseLong(f[2], 16);
                return Optional.of((g & 0xff) + "." + ((g >> 8) & 0xff) + "." + ((g >> 16) & 0xff) + "."
                        + ((g >> 24) & 0xff));
            }
        }
        return Optional.empty();
    }
}
