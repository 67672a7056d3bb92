package io.hapair.node.pairing.model;

/**
 * The partner certificate this node trusts, kept in the data directory.
 *
 * @param current  the fingerprint the partner is known by
 * @param next     one more fingerprint an operator accepted (a changed certificate, or one announced before a
 *                 rotation); the partner presenting it makes it the current one; null without one
 * @param source   how {@code current} came to be trusted
 * @param pinnedAt when {@code current} was pinned, in epoch milliseconds
 * @param mutual   the partner has presented its certificate on its own connections to this node too; from
 *                 then on a connection without one is refused (a partner before trusted pairing presents none)
 */
public record PartnerPin(Fingerprint current, Fingerprint next, Source source, long pinnedAt, boolean mutual) {

    /** How a fingerprint came to be trusted. */
    public enum Source {
        /** Seen on the first contact and trusted then (trust on first use): an operator should verify it. */
        FIRST_CONTACT,
        /** Accepted by an operator. */
        OPERATOR
    }

    public PartnerPin {
        if (current == null || source == null) {
            throw new IllegalArgumentException("a pin needs a current fingerprint and its source");
        }
        if (current.equals(next)) {
            next = null;
        }
    }
}
