package dev.parallax.ui.devices;

import dev.parallax.insights.warehouse.Period;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * How many devices of each class and tier were heard from in a period ({@link DeviceListing#census}): the classes to
 * choose from, and the count of any filter of that period without a search, so that the list does not read the
 * period's events once more to count them.
 */
public record FleetCensus(Period period, Map<String, Map<String, Integer>> devicesByClassAndTier) {

    /** A census of no period: it counts no filter. */
    static final FleetCensus NONE = new FleetCensus(null, Map.of());

    public FleetCensus {
        devicesByClassAndTier = devicesByClassAndTier.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, c -> Map.copyOf(c.getValue())));
    }

    /** The classes heard from, in order. */
    public List<String> classes() {
        return devicesByClassAndTier.keySet().stream().sorted().toList();
    }

    /** How many devices {@code filter} holds; empty when it searches ids or is of another period. */
    public OptionalInt count(DeviceFilter filter) {
        if (!filter.search().isEmpty() || !filter.period().equals(period)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(devicesByClassAndTier.entrySet().stream()
                .filter(c -> filter.deviceClass().isEmpty() || c.getKey().equals(filter.deviceClass()))
                .flatMap(c -> c.getValue().entrySet().stream())
                .filter(t -> filter.tier().isEmpty() || t.getKey().equals(filter.tier()))
                .mapToInt(Map.Entry::getValue).sum());
    }
}
