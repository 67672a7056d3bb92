package io.hapair.node.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A note (a health input's Warning beginning or ending) goes in the event log and changes no decision. */
class NotedEventTest {

    @Test
    void aNoteIsLoggedWithItsKindAndLeavesTheActivityAsItWas() {
        SimulatedPair pair = new SimulatedPair(PreferredServer.PREFER_MASTER).startBoth().run(2_000);
        Activity before = pair.master.status().activity();

        Decision d = pair.master.machine.on(new RoleEvent.Noted("health", "disk is warning: 12% free"), pair.now);

        assertThat(d.activity()).isEqualTo(before);
        assertThat(d.changed()).isFalse();
        assertThat(d.actions()).isEmpty();
        assertThat(d.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("health");
            assertThat(n.message()).isEqualTo("disk is warning: 12% free");
            assertThat(n.reason()).isNull();
        });
        assertThat(pair.master.status().events()).last().extracting(EventLog.Entry::message)
                .isEqualTo("disk is warning: 12% free");
    }
}
