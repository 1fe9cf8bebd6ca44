package dev.parallax.ui.timerange;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.shared.Registration;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.chart.EChart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The range and auto-refresh of a page, kept in its URL: a choice navigates to the same page with the new query, so a
 * link reproduces the view and the back button returns to the range before. A page adds the picker, calls
 * {@link #read} from its {@code beforeEnter} (or {@code setParameter}) and gets each {@link Period} to show, again
 * on every refresh, without a reload.
 */
public class TimeRangePicker extends HorizontalLayout {

    /** What a click on a point opens on each side of it. */
    static final Duration AROUND_POINT = Duration.ofMinutes(30);
    /** The choice in the range list that opens from/to instead of a preset. */
    private static final String CUSTOM = "Custom…";

    private final Clock clock;
    private final Preset fallback;
    private final Consumer<Period> show;
    private final Select<String> range = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Button apply = new Button("Apply");
    private final Select<Refresh> refresh = new Select<>();
    private final Span error = new Span();
    private TimeRange current;
    private String path = "";
    private Registration polling;
    private boolean withRunningMinute;

    public TimeRangePicker(Clock clock, Preset fallback, Consumer<Period> show) {
        this.clock = clock;
        this.fallback = fallback;
        this.show = show;
        this.current = TimeRange.of(fallback);
        setId("time-range");
        setWrap(true);
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        List<String> choices = new ArrayList<>();
        for (Preset p : Preset.values()) {
            choices.add(p.label());
        }
        choices.add(CUSTOM);
        range.setId("range");
        range.setLabel("Range");
        range.setItems(choices);
        range.addValueChangeListener(e -> {
            if (e.isFromClient() && !CUSTOM.equals(e.getValue())) {
                preset(e.getValue()).ifPresent(p -> go(new TimeRange(p, null, null, current.refresh())));
            }
            customShown(CUSTOM.equals(e.getValue()));
        });
        // Written as the URL writes them, in UTC: one format whatever the browser's locale.
        DatePicker.DatePickerI18n iso = new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd");
        for (DateTimePicker end : List.of(from, to)) {
            end.setLocale(Locale.UK);
            end.setDatePickerI18n(iso);
        }
        from.setId("range-from");
        to.setId("range-to");
        apply.setId("range-apply");
        apply.addClickListener(e -> applyCustom());
        refresh.setId("refresh");
        refresh.setLabel("Auto-refresh");
        refresh.setItems(Refresh.values());
        refresh.setItemLabelGenerator(Refresh::label);
        refresh.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                go(current.refreshing(e.getValue()));
            }
        });
        error.setId("range-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        add(range, from, to, apply, refresh, error);
        customShown(false);
    }

    /**
     * Takes the range from the URL being entered and shows its period; a wrong query shows why and the fallback
     * preset instead, so that a mistyped link still opens the page.
     */
    public void read(Location location) {
        path = location.getPath();
        error.setText("");
        try {
            current = TimeRange.parse(location.getQueryParameters().getParameters(), fallback);
        } catch (IllegalArgumentException e) {
            current = TimeRange.of(fallback);
            error.setText("The link's range is not used: " + e.getMessage() + ".");
        }
        range.setValue(current.custom() ? CUSTOM : current.preset().label());
        if (current.custom()) {
            from.setValue(current.from().atZone(ZoneOffset.UTC).toLocalDateTime());
            to.setValue(current.to().atZone(ZoneOffset.UTC).toLocalDateTime());
        }
        customShown(current.custom());
        refresh.setValue(current.refresh());
        poll(UI.getCurrent());
        reload();
    }

    /**
     * Makes a preset read up to and with the minute still running, for a page of raw events or of a log rather than
     * of whole-minute windows (as the runs page reads runs): a device heard from or an alert raised a moment ago is
     * listed. A custom range stays as written.
     */
    public TimeRangePicker withRunningMinute() {
        withRunningMinute = true;
        return this;
    }

    /**
     * Lets a chart of the page's range drill down: a range brushed on it becomes the page's range, and a clicked point
     * opens the hour around it (a one-minute window among its neighbours). Each is a navigation, so back returns.
     */
    public void follow(EChart chart) {
        chart.addRangeSelectListener(e -> zoomTo(e.from(), e.to()));
        chart.addPointClickListener(e -> zoomTo(e.time().minus(AROUND_POINT), e.time().plus(AROUND_POINT)));
    }

    private void zoomTo(Instant from, Instant to) {
        // TimeRange cuts both ends to whole minutes; a brushed range narrower than that still spans one.
        Instant end = to.isBefore(from.plus(Duration.ofMinutes(1))) ? from.plus(Duration.ofMinutes(1)) : to;
        go(TimeRange.between(from, end).refreshing(current.refresh()));
    }

    /** The range in use, for what a page does with it besides showing (a report of it). */
    public Period period() {
        Instant now = clock.instant();
        return current.period(withRunningMinute ? now.plus(Duration.ofMinutes(1)) : now);
    }

    /** The range in use in words, as {@link TimeRange#described()}. */
    public String described() {
        return current.described();
    }

    private void reload() {
        show.accept(period());
    }

    private void applyCustom() {
        if (from.getValue() == null || to.getValue() == null) {
            error.setText("Choose both from and to.");
            return;
        }
        try {
            go(TimeRange.between(from.getValue().toInstant(ZoneOffset.UTC), to.getValue().toInstant(ZoneOffset.UTC))
                    .refreshing(current.refresh()));
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage().substring(0, 1).toUpperCase() + e.getMessage().substring(1) + ".");
        }
    }

    /** A new range is a navigation: the URL and the browser's history get it, and {@link #read} shows it. */
    private void go(TimeRange next) {
        getUI().ifPresent(ui -> ui.navigate(path, new QueryParameters(next.query())));
    }

    private void customShown(boolean shown) {
        from.setVisible(shown);
        to.setVisible(shown);
        apply.setVisible(shown);
    }

    private static Optional<Preset> preset(String label) {
        for (Preset p : Preset.values()) {
            if (p.label().equals(label)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Polling is the UI's, one interval for the page: the picker sets it while attached and clears it after. */
    private void poll(UI ui) {
        if (ui != null) {
            ui.setPollInterval(current.refresh() == Refresh.OFF ? -1 : (int) current.refresh().every().toMillis());
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        poll(event.getUI());
        polling = event.getUI().addPollListener(e -> {
            if (current.refresh() != Refresh.OFF) {
                reload();
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        polling.remove();
        event.getUI().setPollInterval(-1);
    }
}
