package io.jharness.engine.nvml;

import io.jharness.engine.nvml.bindings.nvml_h;
import java.util.ArrayList;
import java.util.List;

/**
 * The bits of NVML's clock throttle ("clocks event" since NVML 12.2) reasons mask, with the values
 * of nvml.h's {@code nvmlClocksThrottleReason*} / {@code nvmlClocksEventReason*} macros.
 */
public enum ThrottleReason {
    GPU_IDLE("gpu_idle", nvml_h.nvmlClocksEventReasonGpuIdle()),
    APPLICATIONS_CLOCKS_SETTING("applications_clocks_setting", nvml_h.nvmlClocksEventReasonApplicationsClocksSetting()),
    SW_POWER_CAP("sw_power_cap", nvml_h.nvmlClocksEventReasonSwPowerCap()),
    HW_SLOWDOWN("hw_slowdown", nvml_h.nvmlClocksThrottleReasonHwSlowdown()),
    SYNC_BOOST("sync_boost", nvml_h.nvmlClocksEventReasonSyncBoost()),
    SW_THERMAL_SLOWDOWN("sw_thermal_slowdown", nvml_h.nvmlClocksEventReasonSwThermalSlowdown()),
    HW_THERMAL_SLOWDOWN("hw_thermal_slowdown", nvml_h.nvmlClocksThrottleReasonHwThermalSlowdown()),
    HW_POWER_BRAKE_SLOWDOWN("hw_power_brake_slowdown", nvml_h.nvmlClocksThrottleReasonHwPowerBrakeSlowdown()),
    DISPLAY_CLOCK_SETTING("display_clock_setting", nvml_h.nvmlClocksEventReasonDisplayClockSetting());

    private final String label;
    private final long bit;

    ThrottleReason(String label, long bit) {
        this.label = label;
        this.bit = bit;
    }

    /** The snake_case name reports use, e.g. {@code sw_power_cap}. */
    public String label() {
        return label;
    }

    /** The bit in the mask. */
    public long bit() {
        return bit;
    }

    /**
     * The labels of the bits set in {@code mask}, in bit order. A bit nvml.h did not define when
     * this was written comes out as {@code bit_N}, so a newer driver's reasons are not lost.
     */
    public static List<String> names(long mask) {
        List<String> names = new ArrayList<>(Long.bitCount(mask));
        for (int i = 0; i < Long.SIZE; i++) {
            long b = 1L << i;
            if ((mask & b) == 0) {
                continue;
            }
            String label = "bit_" + i;
            for (ThrottleReason r : values()) {
                if (r.bit == b) {
                    label = r.label;
                    break;
                }
            }
            names.add(label);
        }
        return List.copyOf(names);
    }
}
