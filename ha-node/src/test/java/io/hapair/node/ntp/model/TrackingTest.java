package io.hapair.node.ntp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines as chrony 4.3 (Debian 12) prints them. */
class TrackingTest {

    private static final String SYNCHRONISED = "7F143D32,127.20.61.50,9,1796482238.868718356,0.000003288,0.000005037,"
            + "0.000005037,-1.331,0.001,24.116,0.000009456,0.000098942,2.0,Normal\n";
    private static final String UNSYNCHRONISED = "00000000,,0,0.000000000,0.000000000,0.000000000,0.000000000,0.000,"
            + "0.000,0.000,1.000000000,1.000000000,0.0,Not synchronised\n";
    private static final String LOCAL = "7F7F0101,,8,1796482218.813687428,0.000000000,0.000000000,0.000000000,0.000,"
            + "0.000,0.000,0.000000000,0.000000000,0.0,Normal";

    @Test
    void aClockKeptToAServerIsSynchronisedWithItsStratumOffsetAndSource() {
        Tracking t = Tracking.parse(SYNCHRONISED);

        assertThat(t.synchronised()).isTrue();
        assertThat(t.reference()).contains("127.20.61.50");
        assertThat(ClockState.of(t, 1234)).isEqualTo(new ClockState(true, 0.000003288, 9, "127.20.61.50", 1234L));
    }

    @Test
    void aClockWithoutAReferenceIsNotSynchronisedAndChronysZerosAreLeftOut() {
        Tracking t = Tracking.parse(UNSYNCHRONISED);

        assertThat(t.synchronised()).isFalse();
        assertThat(t.leapStatus()).isEqualTo(Tracking.NOT_SYNCHRONISED);
        assertThat(ClockState.of(t, 99)).isEqualTo(new ClockState(false, null, null, null, 99L));
    }

    @Test
    void aChronydServingItsOwnLocalClockIsNotSynchronisedToAnything() {
        assertThat(Tracking.parse(LOCAL).synchronised()).isFalse();
    }

    @Test
    void anAddedLeapSecondIsStillSynchronised() {
        assertThat(Tracking.parse(SYNCHRONISED.replace("Normal", "Insert second")).synchronised()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "506 Cannot talk to daemon", "7F143D32,127.20.61.50,9,1.0,0.1,Normal",
            "7F143D32,127.20.61.50,nine,1796482238.868718356,0.000003288,0.000005037,0.000005037,-1.331,0.001,"
                    + "24.116,0.000009456,0.000098942,2.0,Normal"})
    void anythingButChronysFourteenFieldsIsRefusedWithWhatWasPrinted(String line) {
        assertThatThrownBy(() -> Tracking.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chronyc -c tracking printed '" + line + "'");
    }
}
