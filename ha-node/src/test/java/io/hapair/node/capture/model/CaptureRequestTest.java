package io.hapair.node.capture.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.capture.model.CaptureRequest.Checked;
import io.hapair.node.capture.model.CaptureRequest.Problem;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CaptureRequestTest {

    private static final Set<String> HOST = Set.of("lo", "eth0", "eth0.100");

    @Test
    void onlyTheInterfaceIsRequiredAndTheBoundsDefaultToTheirDocumentedValues() {
        Checked c = CaptureRequest.check("eth0", null, null, null, null, HOST);

        assertThat(c.problems()).isEmpty();
        assertThat(c.request()).isEqualTo(new CaptureRequest("eth0", "", 30, 1000, 10240));
    }

    @Test
    void theGivenFilterAndBoundsAreKeptWithTheFilterStripped() {
        Checked c = CaptureRequest.check("any", "  tcp port 443 and host 10.0.0.5 ", 5, 20, 64, HOST);

        assertThat(c.request()).isEqualTo(new CaptureRequest("any", "tcp port 443 and host 10.0.0.5", 5, 20, 64));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing interface||interface|required: give the interface to capture on, one of eth0, eth0.100, lo, or any",
        "interface not on the host|eth9|interface|'eth9' is no interface of this node",
        "interface as an option|-w|interface|'-w' is no interface of this node",
    })
    void aWrongInterfaceIsRefusedNamingTheHostsInterfaces(String why, String iface, String field, String message) {
        Checked c = CaptureRequest.check(iface, null, null, null, null, HOST);

        assertThat(c.request()).isNull();
        assertThat(c.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void optionsInsteadOfAFilterAreRefusedBeforeTcpdumpSeesThem() {
        assertThat(CaptureRequest.check("lo", "-w /etc/passwd", null, null, null, HOST).problems()).containsExactly(
                new Problem("filter", "starts with '-': give a filter expression such as 'tcp port 443', not tcpdump"
                        + " options"));
    }

    @Test
    void aFilterOnMoreThanOneLineIsRefused() {
        assertThat(CaptureRequest.check("lo", "tcp\nport 80", null, null, null, HOST).problems()).containsExactly(
                new Problem("filter", "holds a control character (a line break?); give the expression on one line"));
    }

    @Test
    void aTooLongFilterIsRefused() {
        assertThat(CaptureRequest.check("lo", "tcp ".repeat(300), null, null, null, HOST).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("give at most 1000"));
    }

    @Test
    void everyBoundOutOfItsRangeIsReportedAtOnceWithItsRange() {
        Checked c = CaptureRequest.check("lo", null, 601, 0, "big", HOST);

        assertThat(c.problems()).extracting(Problem::field).containsExactly("seconds", "packets", "kib");
        assertThat(c.problems()).extracting(Problem::message).containsExactly(
                "601 is out of range; give a whole number of seconds from 1 to 600 (leave it out for 30)",
                "0 is out of range; give a whole number of packets from 1 to 1000000 (leave it out for 1000)",
                "big is out of range; give a whole number of KiB from 1 to 102400 (leave it out for 10240)");
    }

    @Test
    void theMaximaAreAccepted() {
        assertThat(CaptureRequest.check("lo", null, 600, 1_000_000, 102_400, HOST).problems()).isEmpty();
    }
}
