package dev.parallax.ui.devices;

import dev.parallax.insights.warehouse.Period;

/**
 * Which devices to list: those heard from in the period (an event or sample stamped in it, or received in it),
 * narrowed to a device class and a tier (empty = any), and to ids holding {@code search} (any case; empty = any).
 */
public record DeviceFilter(Period period, String deviceClass, String tier, String search) {

    public DeviceFilter {
        deviceClass = blankless(deviceClass);
        tier = blankless(tier);
        search = blankless(search);
    }

    /** Every device heard from in the period. */
    public static DeviceFilter of(Period period) {
        return new DeviceFilter(period, "", "", "");
    }

    public DeviceFilter withClass(String value) {
        return new DeviceFilter(period, value, tier, search);
    }

    public DeviceFilter withTier(String value) {
        return new DeviceFilter(period, deviceClass, value, search);
    }

    public DeviceFilter withSearch(String value) {
        return new DeviceFilter(period, deviceClass, tier, value);
    }

    private static String blankless(String value) {
        return value == null ? "" : value.strip();
    }
}
