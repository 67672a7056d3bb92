package io.hapair.node.health.model;

/**
 * The thresholds of the health rules, each a configuration key (see the README's configuration table).
 *
 * @param diskFreeWarningPercent         free space of the data directory's file system below which it is a Warning
 * @param diskFreeCriticalPercent        ... below which it is Critical (the settings store cannot be trusted to write)
 * @param memoryAvailableWarningPercent  MemAvailable of MemTotal below which memory is a Warning
 * @param memoryAvailableCriticalPercent ... below which it is Critical (the kernel is about to kill processes)
 * @param loadWarningPerCpu              one-minute load average per CPU above which load is a Warning
 * @param cpuStealWarningPercent         CPU time stolen by the hypervisor since the last check, above which it is a
 *                                       Warning
 * @param certificateWarningDays         days before the node's own, the administration or a virtual-service certificate
 *                                       expires from which it is a Warning (the node's own is Critical once expired)
 * @param syncLagWarningMillis           age of the oldest change the partner has not acknowledged, from which sync
 *                                       is a Warning
 */
public record HealthThresholds(double diskFreeWarningPercent, double diskFreeCriticalPercent,
                               double memoryAvailableWarningPercent, double memoryAvailableCriticalPercent,
                               double loadWarningPerCpu, double cpuStealWarningPercent, int certificateWarningDays,
                               long syncLagWarningMillis) {

    public HealthThresholds {
        if (diskFreeCriticalPercent > diskFreeWarningPercent) {
            throw new IllegalArgumentException("the disk's critical threshold (" + diskFreeCriticalPercent
                    + "%) is above its warning threshold (" + diskFreeWarningPercent + "%)");
        }
        if (memoryAvailableCriticalPercent > memoryAvailableWarningPercent) {
            throw new IllegalArgumentException("the memory's critical threshold (" + memoryAvailableCriticalPercent
                    + "%) is above its warning threshold (" + memoryAvailableWarningPercent + "%)");
        }
    }
}
