package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import java.util.Locale;

/** A host given by address or by DNS name, as syslog targets and NTP servers allow. */
final class RemoteHost {

    private RemoteHost() {
    }

    /** One spelling per host: a canonical address, or a name in lower case (DNS ignores case). */
    static String canonical(String host) {
        if (host == null) {
            return null;
        }
        return IpAddress.parse(host).map(IpAddress::toString).orElse(host.toLowerCase(Locale.ROOT));
    }
}
