package io.hapair.node.health.model;

/**
 * One measured input of the node's health.
 *
 * @param name  the input's stable name (status, /metrics label): data-plane, data-directory, disk, memory, load,
 *              cpu-steal, clock, certificate, admin-certificate, vs-certificates, sync-lag
 * @param value what was measured, for people ("12% free (3.1 GiB of 25.0 GiB)")
 * @param level how it stands against its thresholds
 * @param why   the rule that gave the level, naming the threshold and its key
 */
public record HealthInput(String name, String value, HealthLevel level, String why) {
}
