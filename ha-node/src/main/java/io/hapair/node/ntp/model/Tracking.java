package io.hapair.node.ntp.model;

import java.util.Optional;

/**
 * What {@code chronyc -c tracking} says about the system clock. The CSV has chronyc's fields of
 * {@code tracking} in its order (client.c, {@code process_cmd_tracking}): reference ID (hex), reference name or
 * address, stratum, reference time, system time, last offset, RMS offset, frequency, residual frequency, skew,
 * root delay, root dispersion, update interval, leap status. chronyc writes the fields bare: none can hold a comma.
 *
 * @param referenceId       the reference ID, 8 hex digits; 00000000 before chronyd has selected a source
 * @param source            the reference's address (or a reference clock's name); empty when there is none
 * @param stratum           hops from a reference clock: the source's stratum plus one
 * @param systemTimeSeconds how far the system clock is behind NTP time (chronyc's "System time", positive when
 *                          "slow"), the correction chronyd is slewing away
 * @param leapStatus        {@code Normal}, {@code Insert second}, {@code Delete second} or {@code Not synchronised}
 */
public record Tracking(String referenceId, String source, int stratum, double systemTimeSeconds, String leapStatus) {

    static final String NOT_SYNCHRONISED = "Not synchronised";
    private static final int FIELDS = 14;
    // chronyd's reference ID in local mode (its `local` directive): it serves its own clock, synchronised to nothing.
    private static final String LOCAL_REFERENCE = "7F7F0101";
    private static final String NO_REFERENCE = "00000000";

    /** The line chronyc printed, or an exception saying what is wrong with it. */
    public static Tracking parse(String csv) {
        String line = csv.strip();
        String[] f = line.split(",", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("chronyc -c tracking printed '" + line + "', not the " + FIELDS
                    + " comma-separated fields of chrony 4");
        }
        try {
            return new Tracking(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[4]), f[13]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chronyc -c tracking printed '" + line + "': the stratum (3rd field)"
                    + " or the system time (5th) is not a number");
        }
    }

    /** Whether chronyd keeps the clock to a source: it has a reference, not its own local clock, and a known leap status. */
    public boolean synchronised() {
        return !NOT_SYNCHRONISED.equals(leapStatus) && !NO_REFERENCE.equals(referenceId)
                && !LOCAL_REFERENCE.equals(referenceId);
    }

    /** The reference's address or name, when chronyd has one. */
    public Optional<String> reference() {
        return source.isEmpty() ? Optional.empty() : Optional.of(source);
    }
}
