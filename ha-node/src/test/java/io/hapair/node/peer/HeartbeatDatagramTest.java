package io.hapair.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeartbeatDatagramTest {

    static final byte[] PAYLOAD = "{\"heartbeat\":1}".getBytes(StandardCharsets.UTF_8);

    static DatagramKey key(String session) {
        return DatagramKey.derive(PeerCrypto.utf8(session));
    }

    static DatagramInbox inboxWith(DatagramKey... keys) {
        DatagramInbox inbox = new DatagramInbox();
        for (DatagramKey k : keys) {
            inbox.add(k);
        }
        return inbox;
    }

    @Test
    void bothEndsOfASessionDeriveTheSameKeyAndId() {
        DatagramKey a = key("session key");
        DatagramKey b = key("session key");

        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(key("another session").id()).isNotEqualTo(a.id());
    }

    @Test
    void sealedDatagramOpensToItsPayload() throws Exception {
        DatagramKey k = key("s1");

        assertThat(inboxWith(k).open(HeartbeatDatagram.seal(k, 1, PAYLOAD))).isEqualTo(PAYLOAD);
    }

    @Test
    void datagramSealedWithAnotherSessionsKeyIsRefusedAsUnknown() {
        byte[] datagram = HeartbeatDatagram.seal(key("attacker's"), 1, PAYLOAD);

        assertThatThrownBy(() -> inboxWith(key("s1")).open(datagram)).hasMessageContaining("unknown key");
    }

    @Test
    void datagramCarryingTheRightKeyIdButAForgedMacIsRefused() {
        DatagramKey k = key("s1");
        byte[] forged = HeartbeatDatagram.seal(new DatagramKey(k.id(), PeerCrypto.utf8("guessed key")), 1, PAYLOAD);

        assertThatThrownBy(() -> inboxWith(k).open(forged)).hasMessageContaining("bad MAC");
    }

    @Test
    void replayedDatagramIsRefusedAndALateOneIsTakenButNotDelivered() throws Exception {
        DatagramKey k = key("s1");
        DatagramInbox inbox = inboxWith(k);
        byte[] first = HeartbeatDatagram.seal(k, 1, PAYLOAD);
        byte[] third = HeartbeatDatagram.seal(k, 3, PAYLOAD);
        byte[] second = HeartbeatDatagram.seal(k, 2, PAYLOAD);

        assertThat(inbox.open(first)).isNotNull();
        assertThat(inbox.open(third)).isNotNull();
        assertThat(inbox.open(second)).as("authentic, but overtaken by 3").isNull();
        assertThatThrownBy(() -> inbox.open(third)).hasMessageContaining("replayed");
        assertThatThrownBy(() -> inbox.open(second)).hasMessageContaining("replayed");
    }

    @Test
    void datagramOlderThanTheWindowIsRefused() throws Exception {
        DatagramKey k = key("s1");
        DatagramInbox inbox = inboxWith(k);
        byte[] old = HeartbeatDatagram.seal(k, 1, PAYLOAD);
        inbox.open(HeartbeatDatagram.seal(k, 1 + ReplayWindow.SIZE, PAYLOAD));

        assertThatThrownBy(() -> inbox.open(old)).hasMessageContaining("replayed");
    }

    @Test
    void aNewSessionsFirstDatagramRetiresTheOldKeyWhoseStragglersAreNoLongerDelivered() throws Exception {
        DatagramKey old = key("s1");
        DatagramKey renewed = key("s2");
        DatagramInbox inbox = inboxWith(old);
        assertThat(inbox.open(HeartbeatDatagram.seal(old, 1, PAYLOAD))).isNotNull();
        inbox.add(renewed);
        assertThat(inbox.open(HeartbeatDatagram.seal(old, 2, PAYLOAD))).as("old key, new key unused yet").isNotNull();

        assertThat(inbox.open(HeartbeatDatagram.seal(renewed, 1, PAYLOAD))).isNotNull();
        assertThat(inbox.open(HeartbeatDatagram.seal(old, 3, PAYLOAD))).as("straggler of the old session").isNull();
    }

    @Test
    void onlyTheTwoNewestSessionKeysAreKept() {
        DatagramKey first = key("s1");
        DatagramInbox inbox = inboxWith(first, key("s2"), key("s3"));

        assertThatThrownBy(() -> inbox.open(HeartbeatDatagram.seal(first, 1, PAYLOAD))).hasMessageContaining("unknown key");
    }

    @Test
    void forgottenKeysOpenNothing() {
        DatagramKey k = key("s1");
        DatagramInbox inbox = inboxWith(k);
        inbox.forget();

        assertThatThrownBy(() -> inbox.open(HeartbeatDatagram.seal(k, 1, PAYLOAD))).hasMessageContaining("unknown key");
    }

    @Test
    void oversizedTruncatedAndOtherVersionDatagramsAreRefusedUnread() {
        DatagramKey k = key("s1");
        DatagramInbox inbox = inboxWith(k);
        byte[] other = HeartbeatDatagram.seal(k, 1, PAYLOAD);
        other[0] = 2;

        assertThatThrownBy(() -> inbox.open(new byte[HeartbeatDatagram.MAX_BYTES + 1])).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> inbox.open(new byte[HeartbeatDatagram.HEADER_BYTES + HeartbeatDatagram.MAC_BYTES]))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> inbox.open(other)).hasMessageContaining("version 2 is not supported");
    }

    @Test
    void payloadTooLargeForOneDatagramIsNotSealed() {
        assertThatThrownBy(() -> HeartbeatDatagram.seal(key("s1"), 1, new byte[HeartbeatDatagram.MAX_BYTES]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
