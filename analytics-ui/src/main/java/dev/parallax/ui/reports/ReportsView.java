package dev.parallax.ui.reports;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.security.Roles;
import dev.parallax.ui.table.Table;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Kept drift reports, newest first, each downloadable as one HTML file; a report of the last day on demand. */
@Route("reports")
@PageTitle("Reports · Parallax")
@PermitAll
public class ReportsView extends VerticalLayout {

    private final Reports reports;
    private final Table<StoredReport> grid = new Table<>(StoredReport.class);
    private final Paragraph empty = new Paragraph("No report kept yet. One is generated daily (ui.reports.cron), "
            + "or press the button for the last 24 hours now.");

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
        Button now = new Button("Generate report of the last 24 h", e -> {
            Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES);
            StoredReport r = reports.generateFor(user, to.minus(Duration.ofDays(1)), to);
            Notification.show("Kept: " + r.title());
            refresh();
        });
        now.setId("generate-report");
        now.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        add(new H3("Drift reports"), now, empty, grid.csvLink("reports"), grid);
        refresh();
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
