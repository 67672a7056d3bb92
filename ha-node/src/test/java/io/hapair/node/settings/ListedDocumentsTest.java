package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which documents hold a claim (a virtual service's port), as documents come and go. */
class ListedDocumentsTest {

    private static final String PORT_80 = "port 80";

    private static VirtualService service(String name, int port) {
        return new VirtualService(name, "10.0.0.10", port, VirtualService.Protocol.TCP, null, null, null, null, null,
                null, List.of());
    }

    @Test
    void holdersOfAClaimAreListedInTheOrderTheyCameAndLeaveOneByOne() {
        ListedDocuments<VirtualService> listed = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
        listed.add(service("web", 80));
        listed.add(service("mail", 25));
        assertThat(listed.holding(PORT_80)).containsExactly("web");

        listed.add(service("shop", 80));
        listed.add(service("blog", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("web", "shop", "blog");

        listed.remove(service("shop", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("web", "blog");
        listed.remove(service("web", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("blog");
        listed.add(service("web", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("blog", "web");
        listed.remove(service("blog", 80));
        listed.remove(service("web", 80));
        assertThat(listed.holding(PORT_80)).isEmpty();
        assertThat(listed.hasId("web")).isFalse();
        assertThat(listed.holding("port 25")).containsExactly("mail");
    }

    @Test
    void aDocumentAddedTwiceHoldsItsClaimOnceAndRemovingAnotherLeavesItsClaim() {
        ListedDocuments<VirtualService> listed = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
        listed.add(service("web", 80));
        listed.add(service("web", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("web");

        listed.remove(service("shop", 80));
        assertThat(listed.holding(PORT_80)).containsExactly("web");
        assertThat(listed.hasId("web")).isTrue();
    }

    @Test
    void anEditSeesTheOthersWithoutTheDocumentItReplaces() {
        ListedDocuments<VirtualService> listed = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
        listed.add(service("web", 80));
        listed.add(service("shop", 80));

        OtherDocuments others = listed.without("web");
        assertThat(others.holding(PORT_80)).containsExactly("shop");
        assertThat(others.hasId("web")).isFalse();
        assertThat(others.hasId("shop")).isTrue();
        assertThat(listed.without(null).holding(PORT_80)).containsExactly("web", "shop");
    }

    @Test
    void holdersCannotBeChangedThroughWhatIsListed() {
        ListedDocuments<VirtualService> listed = new ListedDocuments<>(SettingsType.VIRTUAL_SERVICES);
        listed.add(service("web", 80));
        listed.add(service("shop", 80));

        assertThatThrownBy(() -> listed.holding(PORT_80).remove("web")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(listed.holding(PORT_80)).containsExactly("web", "shop");
    }
}
