package io.hapair.node.dataplane.model;

import io.hapair.node.settings.SettingsType;

/**
 * The settings document field a line of the rendered configuration comes from, so that what HAProxy
 * says about a line can be reported on the field an operator edits.
 *
 * @param type the settings type's API path name: virtual-services or vs-certificates
 * @param id the document's id (the service's or the certificate's name)
 * @param field the JSON path in the document, such as {@code port} or {@code realServers[1]}
 */
public record Origin(String type, String id, String field) {

    public static Origin service(String name, String field) {
        return new Origin(SettingsType.VIRTUAL_SERVICES.apiPath(), name, field);
    }

    public static Origin certificate(String name, String field) {
        return new Origin(SettingsType.VS_CERTIFICATES.apiPath(), name, field);
    }

    @Override
    public String toString() {
        return type + "/" + id + " " + field;
    }
}
