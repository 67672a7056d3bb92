package io.hapair.node.wui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionBookTest {

    private final SessionBook book = new SessionBook();

    @Test
    void aSessionEndsAfterItsIdleTimeout() {
        SessionBook.Session s = book.open(1000, 0);
        assertThat(book.find(s.id, true, 1000)).isPresent();
        assertThat(book.find(s.id, true, 2001)).isEmpty();
    }

    @Test
    void operatorActivityRestartsTheIdleClockButPollingDoesNot() {
        SessionBook.Session s = book.open(1000, 0);
        assertThat(book.find(s.id, false, 900)).isPresent();
        assertThat(book.find(s.id, true, 1900)).isEmpty();

        SessionBook.Session t = book.open(1000, 0);
        assertThat(book.find(t.id, true, 900)).isPresent();
        assertThat(book.find(t.id, true, 1800)).isPresent();
    }

    @Test
    void theCsrfTokenMatchesOnlyItself() {
        SessionBook.Session s = book.open(1000, 0);
        assertThat(s.csrfMatches(s.csrfToken)).isTrue();
        assertThat(s.csrfMatches(null)).isFalse();
        assertThat(s.csrfMatches(s.id)).isFalse();
    }

    @Test
    void aClosedSessionIsGone() {
        SessionBook.Session s = book.open(1000, 0);
        book.close(s.id);
        assertThat(book.find(s.id, true, 1)).isEmpty();
        assertThat(book.find(null, true, 1)).isEmpty();
    }
}
