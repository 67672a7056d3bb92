package io.hapair.node.dataplane.model;

/** One real server of one virtual service, as the runtime API and the statistics name it. */
public record RealServerRef(String virtualService, String address, int port) {

    @Override
    public String toString() {
        return virtualService + "/" + ServerSetting.serverName(address, port);
    }
}
