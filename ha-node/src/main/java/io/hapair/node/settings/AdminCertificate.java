package io.hapair.node.settings;

/**
 * The certificate of the node's WUI and API (node-local: it names this node). Both fields absent
 * means the node's own self-signed certificate.
 *
 * @param certificateChain PEM CERTIFICATE blocks, the node's own first
 * @param privateKey the PEM private key of the first certificate, unencrypted
 */
public record AdminCertificate(String certificateChain, String privateKey) {
}
