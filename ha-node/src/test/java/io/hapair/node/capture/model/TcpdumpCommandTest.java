package io.hapair.node.capture.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TcpdumpCommandTest {

    private static final CaptureRequest WEB = new CaptureRequest("eth0", "tcp port 443 and host 10.0.0.5", 30, 500, 64);

    @Test
    void theFilterIsCompiledForTheInterfaceAsOneArgumentAfterTheEndOfOptions() {
        assertThat(TcpdumpCommand.check("tcpdump", WEB))
                .containsExactly("tcpdump", "-d", "-i", "eth0", "--", "tcp port 443 and host 10.0.0.5");
    }

    @Test
    void theCaptureWritesPcapToItsOutputPacketByPacketAndStopsItselfAtThePacketLimit() {
        assertThat(TcpdumpCommand.capture("/usr/sbin/tcpdump", WEB)).containsExactly("/usr/sbin/tcpdump", "-i", "eth0",
                "-n", "-U", "--immediate-mode", "-w", "-", "-c", "500", "--", "tcp port 443 and host 10.0.0.5");
    }

    @Test
    void withoutAFilterNothingFollowsTheOptions() {
        CaptureRequest all = new CaptureRequest("any", "", 30, 1000, 64);

        assertThat(TcpdumpCommand.capture("tcpdump", all)).endsWith("-c", "1000");
        assertThat(TcpdumpCommand.check("tcpdump", all)).containsExactly("tcpdump", "-d", "-i", "any");
    }

    @Test
    void thePacketCountIsReadFromWhatTcpdumpPrintsAtItsEnd() {
        String said = "tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"
                + "12 packets captured\n24 packets received by filter\n0 packets dropped by kernel\n";

        assertThat(TcpdumpCommand.packetsCaptured(said)).isEqualTo(OptionalInt.of(12));
        assertThat(TcpdumpCommand.packetsCaptured("1 packet captured\n")).isEqualTo(OptionalInt.of(1));
        assertThat(TcpdumpCommand.packetsCaptured("tcpdump: lo: No such device exists")).isEmpty();
    }
}
