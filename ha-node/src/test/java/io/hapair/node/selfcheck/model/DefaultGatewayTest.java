package io.hapair.node.selfcheck.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefaultGatewayTest {

    private static final String HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @Test
    void theDefaultRoutesGatewayIsReadInTheKernelsByteOrder() {
        String table = HEADER
                + "eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
                + "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";

        assertThat(DefaultGateway.fromRouteTable(table)).contains("192.168.1.1");
    }

    @Test
    void aTableWithoutADefaultRouteHasNoGateway() {
        String table = HEADER + "lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n";

        assertThat(DefaultGateway.fromRouteTable(table)).isEmpty();
        assertThat(DefaultGateway.fromRouteTable(HEADER)).isEmpty();
    }
}
