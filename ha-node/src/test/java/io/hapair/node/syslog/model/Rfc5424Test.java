package io.hapair.node.syslog.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.SyslogTarget.Facility;
import io.hapair.node.settings.SyslogTarget.Severity;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Rfc5424Test {

    private static final Rfc5424.Sender NODE = new Rfc5424.Sender("master", "hanode", 4242, "ha-pair", "1.4.0");
    // 2026-12-05T13:50:39.021Z
    private static final long AT = 1_796_478_639_021L;

    private static String line(Facility facility, SyslogMessage message, long sequenceId, int max) {
        return new String(Rfc5424.encode(NODE, facility, message, sequenceId, max), StandardCharsets.UTF_8);
    }

    @Test
    void aMessageCarriesPriorityUtcTimeTheNodeItsPartAndItsPlaceInTheSequence() {
        String line = line(Facility.LOCAL3, new SyslogMessage(AT, Severity.WARNING, "RoleShell",
                "role: transition: standby -> active (partner lost)"), 17, 8192);

        // PRI = facility 19 * 8 + severity 4.
        assertThat(line).isEqualTo("<156>1 2026-12-05T13:50:39.021Z master hanode 4242 RoleShell"
                + " [origin software=\"ha-pair\" swVersion=\"1.4.0\"][meta sequenceId=\"17\"]"
                + " role: transition: standby -> active (partner lost)");
    }

    @Test
    void headerFieldsHoldPrintableAsciiOnlyAndAnEmptyOneIsTheNilValue() {
        Rfc5424.Sender odd = new Rfc5424.Sender("node one ü", "hanode", 1, "ha-pair", "1");
        String line = new String(Rfc5424.encode(odd, Facility.DAEMON, new SyslogMessage(AT, Severity.INFO, "", "x"),
                1, 8192), StandardCharsets.UTF_8);

        assertThat(line).startsWith("<30>1 2026-12-05T13:50:39.021Z node_one__ hanode 1 - [origin");
    }

    @Test
    void overlongHeaderFieldsAreCutToTheirLimit() {
        assertThat(Rfc5424.field("M".repeat(40), 32)).hasSize(32);
        assertThat(Rfc5424.field("h".repeat(300), 255)).hasSize(255);
    }

    @Test
    void structuredDataValuesEscapeQuoteBackslashAndBracket() {
        assertThat(Rfc5424.paramValue("a\"b\\c]d")).isEqualTo("a\\\"b\\\\c\\]d");
    }

    @Test
    void aMessageTooLongForTheTransportIsCutNeverPastTheLimit() {
        byte[] bytes = Rfc5424.encode(NODE, Facility.DAEMON, new SyslogMessage(AT, Severity.INFO, "X",
                "é".repeat(3000)), 1, 2048);

        assertThat(bytes.length).isLessThanOrEqualTo(2048).isGreaterThan(2040);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\uFFFD").endsWith("é");
    }

    @Property
    void cuttingKeepsWholeCharactersOnly(@ForAll String text, @ForAll @IntRange(min = 0, max = 200) int max) {
        byte[] whole = text.getBytes(StandardCharsets.UTF_8);
        String cut = new String(Rfc5424.cut(whole, max), StandardCharsets.UTF_8);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
        assertThat(new String(whole, StandardCharsets.UTF_8)).startsWith(cut);
        // Nothing more fits: the next whole character would pass the limit.
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length + 4).isGreaterThan(Math.min(max, whole.length));
    }
}
