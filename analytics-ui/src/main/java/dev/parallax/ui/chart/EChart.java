package dev.parallax.ui.chart;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** An Apache ECharts chart (Apache-2.0); the option is ECharts' own option object. */
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
}
