package io.hapair.node.dataplane.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master's own count of the reloads it was asked for and of those it refused, from its CLI's
 * {@code show proc} ("1234 master 2 [failed: 1] 0d00h00m06s 2.6.12"): the answer to whether a reload loaded
 * its configuration when its verdict line did not come in time.
 *
 * @param reloads every reload since the master started, loaded or not
 * @param failed the reloads whose configuration it refused
 */
public record MasterReloads(int reloads, int failed) {

    private static final Pattern MASTER = Pattern.compile("(?m)^\\s*\\d+\\s+master\\s+(\\d+)\\s+\\[failed:\\s*(\\d+)]");

    /** The master's counts in {@code showProc}; empty when it has no master line (not HAProxy's master CLI). */
    public static Optional<MasterReloads> of(String showProc) {
        Matcher m = MASTER.matcher(showProc);
        return m.find() ? Optional.of(new MasterReloads(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /**
     * What this later count says of the one reload asked for since {@code before}: empty while the master has
     * not taken it yet, else whether it loaded the configuration.
     */
    public Optional<Boolean> loadedSince(MasterReloads before) {
        return reloads > before.reloads ? Optional.of(failed == before.failed) : Optional.empty();
    }
}
