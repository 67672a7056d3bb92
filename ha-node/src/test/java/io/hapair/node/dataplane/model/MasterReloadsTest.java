package io.hapair.node.dataplane.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasterReloadsTest {

    // HAProxy 2.6's master CLI, as it answered after one reload it loaded and one it refused.
    private static final String SHOW_PROC = """
            #<PID>          <type>          <reloads>       <uptime>        <version>
            12744           master          2 [failed: 1]   0d00h00m06s     2.6.12-1+deb12u4
            # workers
            12826           worker          1               0d00h00m03s     2.6.12-1+deb12u4
            # programs
            """;

    @Test
    void theMastersLineGivesItsReloadsAndTheRefusedOnes() {
        assertThat(MasterReloads.of(SHOW_PROC)).contains(new MasterReloads(2, 1));
    }

    @Test
    void anAnswerWithoutAMasterLineGivesNoCounts() {
        assertThat(MasterReloads.of("Unknown command: 'show proc'\n")).isEmpty();
    }

    @Test
    void aReloadCountedWithoutANewFailureLoadedAndOneWithANewFailureDidNot() {
        MasterReloads before = new MasterReloads(3, 1);

        assertThat(new MasterReloads(4, 1).loadedSince(before)).contains(true);
        assertThat(new MasterReloads(4, 2).loadedSince(before)).contains(false);
    }

    @Test
    void aReloadTheMasterHasNotCountedYetSaysNothing() {
        assertThat(new MasterReloads(3, 1).loadedSince(new MasterReloads(3, 1))).isEmpty();
    }
}
