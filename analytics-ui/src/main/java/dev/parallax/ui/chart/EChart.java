package dev.parallax.ui.chart;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An Apache ECharts chart (Apache-2.0); the option is ECharts' own option object. On a time axis, a click on a point
 * and a range brushed along the axis come back to the server ({@link PointClick}, {@link RangeSelect}), for a page
 * to drill down.
 */
@Tag("parallax-echart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./parallax-echart.js")
public class EChart extends Component implements HasSize {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public EChart() {
        setWidthFull();
        setHeight("320px");
    }

    public void setOption(Map<String, Object> option) {
        getElement().setProperty("option", JSON.writeValueAsString(option));
    }

    public Registration addPointClickListener(ComponentEventListener<PointClick> listener) {
        return addListener(PointClick.class, listener);
    }

    public Registration addRangeSelectListener(ComponentEventListener<RangeSelect> listener) {
        return addListener(RangeSelect.class, listener);
    }

    /** A point clicked: its series and its time. */
    @DomEvent("point-click")
    public static final class PointClick extends ComponentEvent<EChart> {
        private final String series;
        private final Instant time;

        public PointClick(EChart source, boolean fromClient, @EventData("event.detail.series") String series,
                          @EventData("event.detail.time") double time) {
            super(source, fromClient);
            this.series = series;
            this.time = Instant.ofEpochMilli((long) time);
        }

        public String series() {
            return series;
        }

        public Instant time() {
            return time;
        }
    }

    /** A range of the time axis brushed. */
    @DomEvent("range-select")
    public static final class RangeSelect extends ComponentEvent<EChart> {
        private final Instant from;
        private final Instant to;

        public RangeSelect(EChart source, boolean fromClient, @EventData("event.detail.from") double from,
                           @EventData("event.detail.to") double to) {
            super(source, fromClient);
            this.from = Instant.ofEpochMilli((long) Math.min(from, to));
            this.to = Instant.ofEpochMilli((long) Math.max(from, to));
        }

        public Instant from() {
            return from;
        }

        public Instant to() {
            return to;
        }
    }
}
