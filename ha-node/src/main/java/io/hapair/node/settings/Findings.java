package io.hapair.node.settings;

import io.hapair.geo.IpAddress;
import io.hapair.geo.IpPrefix;
import io.hapair.node.validation.FieldError;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The errors and warnings found in one document, and the checks that most fields share. Every check
 * passes an absent (null) value: whether a field is required is said once, by {@link #required}.
 * Messages say what to give, because the operator reads them in the WUI or the API's 400.
 */
final class Findings {

    // Starts with a letter, so a name never reads as an address (GEO mappings hold either), and is safe in a URL path.
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    // Linux: at most 15 characters (IFNAMSIZ less the terminating NUL), no '/' or white space.
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]*");
    static final String ADDRESS_HINT = "an IPv4 or IPv6 address such as 10.0.0.5 or fd00::5 (names are not resolved)";

    private final String prefix;
    private final List<FieldError> errors;
    private final List<String> warnings;

    Findings(List<FieldError> errors, List<String> warnings) {
        this("", errors, warnings);
    }

    private Findings(String prefix, List<FieldError> errors, List<String> warnings) {
        this.prefix = prefix;
        this.errors = errors;
        this.warnings = warnings;
    }

    /** The findings inside a nested object, such as {@code healthCheck}. */
    Findings at(String field) {
        return new Findings(path(field), errors, warnings);
    }

    /** The findings inside one element of a list, such as {@code realServers[2]}. */
    Findings at(String listField, int index) {
        return new Findings(path(listField) + "[" + index + "]", errors, warnings);
    }

    String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    void error(String field, String message) {
        errors.add(new FieldError(path(field), message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void warn(String message) {
        warnings.add(message);
    }

    /** True when the value is there; otherwise an error asking for {@code what}. */
    boolean required(String field, Object value, String what) {
        if (value == null) {
            error(field, "required: give " + what);
        }
        return value != null;
    }

    void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            error(field, value + " is out of range; give a whole number from " + min + " to " + max);
        }
    }

    void port(String field, Integer value) {
        range(field, value, 1, 65535);
    }

    void address(String field, String value) {
        if (value != null && IpAddress.parse(value).isEmpty()) {
            error(field, "'" + value + "' is not an IP address; give " + ADDRESS_HINT);
        }
    }

    void ipv4(String field, String value) {
        family(field, value, false, "IPv4", "10.0.0.1");
    }

    void ipv6(String field, String value) {
        family(field, value, true, "IPv6", "fd00::1");
    }

    private void family(String field, String value, boolean ipv6, String family, String example) {
        Optional<IpAddress> address = IpAddress.parse(value);
        if (value != null && (address.isEmpty() || address.get().isIpv6() != ipv6)) {
            error(field, "'" + value + "' is not an " + family + " address; give one such as " + example);
        }
    }

    static boolean isName(String value) {
        return NAME.matcher(value).matches();
    }

    void name(String field, String value) {
        if (value != null && !isName(value)) {
            error(field, "'" + value + "' is not a valid name; use 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter");
        }
    }

    /** A DNS name of at least {@code minLabels} labels; compare in lower case, as the records store it. */
    void dnsName(String field, String value, int minLabels) {
        if (value != null && !isDnsName(value, minLabels)) {
            String atLeast = minLabels > 1 ? ", at least " + minLabels + " of them (www.example.com)" : "";
            error(field, "'" + value + "' is not a valid DNS name; use labels of letters, digits and '-' "
                    + "separated by dots" + atLeast);
        }
    }

    void hostOrAddress(String field, String value) {
        if (value != null && IpAddress.parse(value).isEmpty() && !isDnsName(value, 1)) {
            error(field, "'" + value + "' is neither an IP address nor a host name; give " + ADDRESS_HINT
                    + " or a name such as ntp.example.com");
        }
    }

    void cidr(String field, String value) {
        if (value != null && IpPrefix.parse(value).isEmpty()) {
            error(field, "'" + value + "' is not an address with a prefix length; give one such as 10.0.1.5/24 "
                    + "or fd00::5/64");
        }
    }

    void interfaceName(String field, String value) {
        if (value != null && !INTERFACE.matcher(value).matches()) {
            error(field, "'" + value + "' is not an interface name; use 1 to 15 letters, digits, '.', '_' or '-', "
                    + "such as eth0");
        }
    }

    /** Free text for labels and descriptions: one line of at most {@code max} characters. */
    void text(String field, String value, int max) {
        if (value != null && (value.length() > max || !PRINTABLE.matcher(value).matches())) {
            error(field, "give at most " + max + " characters on one line, without control characters");
        }
    }

    private static boolean isDnsName(String value, int minLabels) {
        String[] labels = value.split("\\.", -1);
        if (value.length() > 253 || labels.length < minLabels) {
            return false;
        }
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
