package io.hapair.node.config;

import io.hapair.node.health.model.HealthThresholds;
import java.time.Duration;

/**
 * The health keys.
 *
 * @param checkEvery how often the inputs are measured (health-check-interval)
 * @param thresholds the levels' thresholds (health-disk-free-warning, ..., sync-lag-warning)
 */
public record HealthSettings(Duration checkEvery, HealthThresholds thresholds) {
}
