package dev.parallax.ui.reports;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.reports.DriftReport;
import dev.parallax.insights.reports.Reports;
import dev.parallax.insights.reports.StoredReport;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Kept drift reports, newest first, each to preview in the page, download as one HTML file or delete; a report of
 * the chosen range to preview before keeping it.
 */
@Route("reports")
@PageTitle("Reports · Parallax")
@PermitAll
public class ReportsView extends VerticalLayout implements BeforeEnterObserver {

    private final Reports reports;
    private final Table<StoredReport> grid = new Table<>(StoredReport.class);
    private final TimeRangePicker range;
    private final Button now = new Button();
    private final VerticalLayout previewed = new VerticalLayout();
    private final Span previewTitle = new Span();
    private final IFrame frame = new IFrame();
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
        grid.addComponentColumn(r -> actions(r, user)).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, period -> refresh());
        now.addClickListener(e -> {
            Period period = range.period();
            StoredReport r = reports.generateFor(user, period.from(), period.to());
            Notification.show("Kept: " + r.title());
            refresh();
        });
        now.setId("generate-report");
        now.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        Button preview = new Button("Preview", e -> {
            Period period = range.period();
            show(DriftReport.title(period.from(), period.to()) + " (not kept)",
                    reports.preview(period.from(), period.to()));
        });
        preview.setId("preview-report");
        Button close = new Button("Close preview", e -> previewed.setVisible(false));
        close.setId("close-preview");
        // Sandboxed: the report is a document of its own, its styles and links kept out of the page's.
        frame.setSandbox(IFrame.SandboxType.RESTRICT_ALL);
        frame.setId("report-preview");
        frame.setWidthFull();
        frame.setHeight("70vh");
        frame.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)");
        previewed.add(new HorizontalLayout(previewTitle, close), frame);
        previewed.setPadding(false);
        previewed.setVisible(false);
        add(new H3("Drift reports"), range, new HorizontalLayout(preview, now), previewed, empty,
                grid.csvLink("reports"), grid);
    }

    private void show(String title, String html) {
        previewTitle.setText(title);
        frame.setSrcdoc(html);
        previewed.setVisible(true);
    }

    private HorizontalLayout actions(StoredReport report, CurrentUser user) {
        Button view = new Button("Preview", e -> reports.html(report.reportId()).ifPresentOrElse(
                html -> show(report.title(), html), () -> Notification.show(report.title() + " is gone.")));
        view.setId("preview-" + report.reportId());
        Button delete = new Button("Delete", e -> confirmDelete(report, user));
        delete.setId("delete-" + report.reportId());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        HorizontalLayout actions = new HorizontalLayout(download(report), view, delete);
        actions.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        return actions;
    }

    private void confirmDelete(StoredReport report, CurrentUser user) {
        ConfirmDialog confirm = new ConfirmDialog("Delete report?", report.title() + " will be gone from this list "
                + "and its download; generating its range again keeps a new one.", "Delete report", e -> {
            reports.deleteFor(user, report);
            previewed.setVisible(false);
            Notification.show("Deleted: " + report.title());
            refresh();
        });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.open();
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
        now.setText("Generate report of " + range.described());
        List<StoredReport> kept = reports.list(100);
        grid.setItems(kept);
        grid.setVisible(!kept.isEmpty());
        empty.setVisible(kept.isEmpty());
    }
}
