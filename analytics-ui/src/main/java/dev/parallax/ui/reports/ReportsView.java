package dev.parallax.ui.reports;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.security.Roles;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import dev.parallax.ui.warehouse.Period;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** Kept drift reports, newest first, each downloadable as one HTML file; a report of the chosen range on demand. */
@Route("reports")
@PageTitle("Reports · Parallax")
@PermitAll
public class ReportsView extends VerticalLayout implements BeforeEnterObserver {

    private final Reports reports;
    private final Table<StoredReport> grid = new Table<>(StoredReport.class);
    private final TimeRangePicker range;
    private final Button now = new Button();
    private final Paragraph empty = new Paragraph("No report kept yet. One is generated daily (ui.reports.cron), "
            + "or choose a range and generate its report now.");

    public ReportsView(Reports reports, Clock clock, CurrentUser user) {
        this.reports = reports;
        setWidthFull();
        grid.setId("reports");
        grid.addColumn(StoredReport::title).setHeader("Report").setFlexGrow(3);
        grid.addColumn(StoredReport::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(r -> DriftReport.TIME.format(r.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(r -> r.bytes() / 1024 + " KiB").setHeader("Size").setAutoWidth(true);
        grid.addComponentColumn(this::download).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, period -> {
            now.setText("Generate report of " + DriftReport.title(period.from(), period.to()));
            refresh();
        });
        now.addClickListener(e -> {
            Period period = range.period();
            StoredReport r = reports.generateFor(user, period.from(), period.to());
            Notification.show("Kept: " + r.title());
            refresh();
        });
        now.setId("generate-report");
        now.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        add(new H3("Drift reports"), range, now, empty, grid.csvLink("reports"), grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    private Anchor download(StoredReport report) {
        Anchor link = new Anchor(DownloadHandler.fromInputStream(event -> reports.html(report.reportId())
                .map(html -> {
                    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
                    return new DownloadResponse(new ByteArrayInputStream(bytes), report.fileName(),
                            "text/html; charset=utf-8", bytes.length);
                })
                .orElseGet(() -> DownloadResponse.error(404, "report " + report.reportId() + " is gone"))),
                AttachmentType.DOWNLOAD, "Download");
        link.setId("download-" + report.reportId());
        return link;
    }

    private void refresh() {
        List<StoredReport> kept = reports.list(100);
        grid.setItems(kept);
        grid.setVisible(!kept.isEmpty());
        empty.setVisible(kept.isEmpty());
    }
}
