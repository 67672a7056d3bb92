package io.hapair.node.wui;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WUI's logged-in sessions: an unguessable id for the cookie, a CSRF token that the pages send
 * back in a header, and an idle timeout. No I/O; the caller passes the time.
 */
final class SessionBook {

    /** One login. {@code lastUsed} moves on every operator action, not on background polling. */
    static final class Session {
        final String id;
        final String csrfToken;
        final long timeoutMillis;
        volatile long lastUsed;

        Session(String id, String csrfToken, long timeoutMillis, long now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.timeoutMillis = timeoutMillis;
            this.lastUsed = now;
        }

        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Session open(long timeoutMillis, long now) {
        dropExpired(now);
        Session s = new Session(token(), token(), timeoutMillis, now);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id; {@code activity} restarts its idle clock. */
    Optional<Session> find(String id, boolean activity, long now) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastUsed > s.timeoutMillis) {
            sessions.remove(id);
            return Optional.empty();
        }
        if (activity) {
            s.lastUsed = now;
        }
        return Optional.of(s);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void dropExpired(long now) {
        sessions.values().removeIf(s -> now - s.lastUsed > s.timeoutMillis);
    }

    // 256 bits: far beyond guessing, and URL- and cookie-safe as base64url.
    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
