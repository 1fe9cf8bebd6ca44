package dev.parallax.ui.table;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.data.renderer.Renderer;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A grid that exports what it shows as CSV (issue 15: every table): each text column's header and text, over the rows
 * its filter and sort leave, in that order. A component column (a link, a button) is exported only when added with
 * its text ({@link #addComponentColumn(ValueProvider, ValueProvider)}).
 */
public class Table<T> extends Grid<T> {

    private final Map<Column<T>, ValueProvider<T, ?>> texts = new IdentityHashMap<>();
    private final List<Anchor> links = new ArrayList<>();

    public Table(Class<T> beanType) {
        super(beanType, false);
    }

    public Table() {
        super();
    }

    /** Every column added with a value provider (each {@code addColumn} of one does) is exported with it. */
    @Override
    protected <C extends Column<T>> C addColumn(ValueProvider<T, ?> valueProvider,
                                                BiFunction<Renderer<T>, String, C> columnFactory) {
        C column = super.addColumn(valueProvider, columnFactory);
        texts.put(column, valueProvider);
        return column;
    }

    /** A column shown as a component and exported as {@code text}, e.g. a link to a test exported as its id. */
    public <V extends Component> Column<T> addComponentColumn(ValueProvider<T, V> component, ValueProvider<T, ?> text) {
        Column<T> column = addComponentColumn(component);
        texts.put(column, text);
        return column;
    }

    /** The exported columns' headers, then one line per row shown (filtered and sorted as on screen). */
    public String csv() {
        List<Column<T>> columns = getColumns().stream().filter(c -> c.isVisible() && texts.containsKey(c)).toList();
        List<List<String>> lines = new ArrayList<>();
        lines.add(columns.stream().map(c -> c.getHeaderText() == null ? "" : c.getHeaderText()).toList());
        getGenericDataView().getItems().forEach(row -> lines.add(columns.stream()
                .map(c -> String.valueOf(texts.get(c).apply(row))).toList()));
        return Csv.of(lines);
    }

    /** A link that downloads {@link #csv()} as {@code <name>.csv}; its id is the grid's with {@code -csv}. */
    public Anchor csvLink(String name) {
        DownloadHandler download = DownloadHandler.fromInputStream(event -> {
            byte[] bytes = locked(event.getSession()).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), name + ".csv", "text/csv; charset=utf-8",
                    bytes.length);
        });
        Anchor link = new Anchor();
        link.setText("Export CSV");
        // A download is registered with the UI it is shown in: once attached (views are built before).
        link.addAttachListener(e -> link.setHref(download, AttachmentType.DOWNLOAD));
        getId().ifPresent(id -> link.setId(id + "-csv"));
        link.setVisible(isVisible());
        links.add(link);
        return link;
    }

    /** Its export links show and hide with it: no export of a table that is not there. */
    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        links.forEach(link -> link.setVisible(visible));
    }

    /** The rows as the UI holds them: read under the session's lock, as any change to them is made. */
    private String locked(VaadinSession session) {
        session.lock();
        try {
            return csv();
        } finally {
            session.unlock();
        }
    }
}
