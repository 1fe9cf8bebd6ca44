package dev.parallax.ui.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.devices.DeviceListing.Sort;
import dev.parallax.ui.devices.DeviceListing.SortColumn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The devices list over the last day from seeded inferences, samples and episodes, filtered and sorted in the
 * warehouse. Every device here has a class of its own ({@code dl-…}), so data of other test classes in the same
 * engine is filtered out.
 */
class DeviceListingTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now();
    static final Period DAY = Period.last(Duration.ofDays(1), NOW);
    static DeviceListing listing;

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        // dl-pi-1: 60 inferences in the last 10 minutes (no temperature), samples whose clock runs 3 minutes ahead
        // (82 °C the newer), one 6-minute episode.
        FleetData.inferences(w, NOW, 10, 6, "dl-test", "resnet50", "EDGE", "dl-pi-1", "dl-pi5", 40, 9, 4);
        for (int[] sample : new int[][] {{10, 70}, {5, 82}}) {
            Instant at = NOW.minus(Duration.ofMinutes(sample[0]));
            FleetData.deviceSample(w, at, at.minus(Duration.ofMinutes(3)), "dl-pi-1", "dl-pi5", "EDGE", sample[1]);
        }
        FleetData.episode(w, "dl-pi-1", "dl-pi5", NOW.minus(Duration.ofMinutes(30)), NOW.minus(Duration.ofMinutes(24)),
                86, 1.5);
        // dl-pi-2: heard from two hours ago (no clock measured now); an episode that began before the day (5 of its
        // minutes are in it) and one of a minute.
        FleetData.deviceSample(w, NOW.minus(Duration.ofHours(2)), "dl-pi-2", "dl-pi5", "EDGE", 60);
        FleetData.episode(w, "dl-pi-2", "dl-pi5", DAY.from().minus(Duration.ofMinutes(10)),
                DAY.from().plus(Duration.ofMinutes(5)), 84, 1.2);
        FleetData.episode(w, "dl-pi-2", "dl-pi5", NOW.minus(Duration.ofHours(3)),
                NOW.minus(Duration.ofHours(3)).plus(Duration.ofMinutes(1)), 81, 1.1);
        // dl-behind: its clock is 26 hours behind; the broker received its sample 2 minutes ago.
        FleetData.deviceSample(w, NOW.minus(Duration.ofHours(26)), NOW.minus(Duration.ofMinutes(2)), "dl-behind",
                "dl-pi5", "EDGE", 50);
        // dl-old: last heard from three days ago.
        FleetData.deviceSample(w, NOW.minus(Duration.ofDays(3)), "dl-old", "dl-pi5", "EDGE", 40);
        // dl-gpu-1: 30 inferences in the day, 5 two days ago.
        FleetData.inferences(w, NOW, 5, 6, "dl-test", "resnet50", "CLOUD", "dl-gpu-1", "dl-a10g", 8, 150, 60);
        FleetData.inferences(w, NOW.minus(Duration.ofDays(2)), 1, 5, "dl-test", "resnet50", "CLOUD", "dl-gpu-1",
                "dl-a10g", 8, 150, 60);
        listing = new DeviceListing(w, Clock.systemUTC());
    }

    private static List<String> ids(List<ListedDevice> devices) {
        return devices.stream().map(ListedDevice::deviceId).toList();
    }

    @Test
    void everyDeviceHeardFromInTheRangeWithItsFigures() {
        DeviceFilter pis = DeviceFilter.of(DAY).withClass("dl-pi5");
        List<ListedDevice> devices = listing.page(pis, List.of(), 0, 50);
        assertEquals(List.of("dl-behind", "dl-pi-1", "dl-pi-2"), ids(devices), "by id; dl-old is silent for 3 days");
        assertEquals(3, listing.count(pis));

        ListedDevice pi1 = devices.get(1);
        assertEquals(82, pi1.lastTempC(), "its newest sample's; the inferences report none");
        assertEquals(60, pi1.inferences());
        assertEquals(1, pi1.episodes());
        assertEquals(6.0 / (24 * 60), pi1.throttledShare(), 1e-9);
        assertEquals(Duration.ofMinutes(3), pi1.clockOffset());
        assertEquals("EDGE", pi1.tier());

        ListedDevice pi2 = devices.get(2);
        assertEquals(2, pi2.episodes());
        assertEquals(6.0 / (24 * 60), pi2.throttledShare(), 1e-9, "5 minutes of the first episode are in the day");
        assertNull(pi2.clockOffset(), "nothing of it received in the last 10 minutes");
        assertEquals(0, pi2.inferences());

        ListedDevice behind = devices.getFirst();
        assertTrue(behind.clockOffset().compareTo(Duration.ofHours(-25)) < 0, "its clock: " + behind.clockOffset());
        assertTrue(!behind.lastSeen().isBefore(NOW.minus(Duration.ofMinutes(2)).minusMillis(1)),
                "last seen when the broker received it: " + behind.lastSeen());

        ListedDevice gpu = listing.page(DeviceFilter.of(DAY).withClass("dl-a10g"), List.of(), 0, 50).getFirst();
        assertEquals(30, gpu.inferences(), "the 5 of two days ago are outside the day");
        assertTrue(Double.isNaN(gpu.lastTempC()));
        assertEquals(0, gpu.episodes());
        assertEquals(0, gpu.throttledShare());
    }

    @Test
    void sortedAndPagedInTheWarehouse() {
        DeviceFilter pis = DeviceFilter.of(DAY).withClass("dl-pi5");
        assertEquals(List.of("dl-pi-1", "dl-pi-2", "dl-behind"),
                ids(listing.page(pis, List.of(new Sort(SortColumn.TEMPERATURE, true)), 0, 50)));
        assertEquals(List.of("dl-behind", "dl-pi-1", "dl-pi-2"),
                ids(listing.page(pis, List.of(new Sort(SortColumn.CLOCK_OFFSET, true)), 0, 50)),
                "the largest offset either way first; none measured last");
        assertEquals(List.of("dl-pi-1", "dl-behind", "dl-pi-2"),
                ids(listing.page(pis, List.of(new Sort(SortColumn.CLOCK_OFFSET, false)), 0, 50)),
                "none measured last either way");
        List<Sort> mostEpisodesThenNewest = List.of(new Sort(SortColumn.EPISODES, true),
                new Sort(SortColumn.LAST_SEEN, true));
        assertEquals(List.of("dl-pi-2", "dl-pi-1", "dl-behind"), ids(listing.page(pis, mostEpisodesThenNewest, 0, 50)));
        assertEquals(List.of("dl-pi-1"), ids(listing.page(pis, mostEpisodesThenNewest, 1, 1)));
    }

    @Test
    void filteredByIdClassAndTier() {
        assertEquals(List.of("dl-pi-1", "dl-pi-2"),
                ids(listing.page(DeviceFilter.of(DAY).withSearch("DL-PI"), List.of(), 0, 50)), "ids holding it, any case");
        assertEquals(0, listing.count(DeviceFilter.of(DAY).withClass("dl-pi5").withTier("CLOUD")));
        assertEquals(1, listing.count(DeviceFilter.of(DAY).withClass("dl-a10g").withTier("CLOUD")));
        FleetCensus census = listing.census(DAY);
        List<String> classes = census.classes();
        assertTrue(classes.containsAll(List.of("dl-a10g", "dl-pi5")), classes.toString());
        // The census counts every filter without a search as the warehouse does.
        for (DeviceFilter f : List.of(DeviceFilter.of(DAY), DeviceFilter.of(DAY).withClass("dl-pi5"),
                DeviceFilter.of(DAY).withTier("CLOUD"), DeviceFilter.of(DAY).withClass("dl-a10g").withTier("CLOUD"),
                DeviceFilter.of(DAY).withClass("dl-pi5").withTier("CLOUD"), DeviceFilter.of(DAY).withClass("none"))) {
            assertEquals(listing.count(f), census.count(f).orElseThrow(), f.toString());
        }
        assertEquals(3, census.count(DeviceFilter.of(DAY).withClass("dl-pi5")).orElseThrow());
        assertTrue(census.count(DeviceFilter.of(DAY).withSearch("pi")).isEmpty(), "a search is counted in the warehouse");
        Period weekAgo = new Period(NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(7)));
        assertEquals(0, listing.count(DeviceFilter.of(weekAgo).withClass("dl-pi5")), "nothing then");
    }
}
