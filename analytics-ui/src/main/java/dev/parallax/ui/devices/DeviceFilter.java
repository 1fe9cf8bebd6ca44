package dev.parallax.ui.devices;

import dev.parallax.ui.warehouse.Period;

/**
 * Which devices to list: those heard from in the period (an event or sample stamped in it, or received in it),
 * narrowed to a device class and a tier (empty = any).
 */
public record DeviceFilter(Period period, String deviceClass, String tier) {

    public DeviceFilter {
        deviceClass = deviceClass == null ? "" : deviceClass.strip();
        tier = tier == null ? "" : tier.strip();
    }

    /** Every device heard from in the period. */
    public static DeviceFilter of(Period period) {
        return new DeviceFilter(period, "", "");
    }

    public DeviceFilter withClass(String value) {
        return new DeviceFilter(period, value, tier);
    }

    public DeviceFilter withTier(String value) {
        return new DeviceFilter(period, deviceClass, value);
    }
}
