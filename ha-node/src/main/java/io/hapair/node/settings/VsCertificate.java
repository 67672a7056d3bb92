package io.hapair.node.settings;

/**
 * A certificate that https virtual services present. Synced with its private key, over the
 * encrypted peer link, because the standby must serve the same certificate after a takeover.
 *
 * @param name the document's id
 * @param certificateChain PEM CERTIFICATE blocks, the server's own first
 * @param privateKey the PEM private key of the first certificate, unencrypted
 */
public record VsCertificate(String name, String certificateChain, String privateKey) {
}
