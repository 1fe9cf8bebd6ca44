package dev.parallax.ui.table;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.renderer.Renderer;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A grid that exports what it shows as CSV (issue 15: every table): each text column's header and text, over the rows
 * its filter and sort leave, in that order. A component column (a link, a button) is exported only when added with
 * its text ({@link #addComponentColumn(ValueProvider, ValueProvider)}). A grid read a page at a time exports from
 * its own source of every row instead ({@link #csvLink(String, Supplier)}), streamed, not held.
 */
public class Table<T> extends Grid<T> {

    /** Every row to export, handed over one at a time. */
    @FunctionalInterface
    public interface Rows<T> {
        void forEach(Consumer<T> row);
    }

    /** What a download writes, made under the session's lock and written after it is released. */
    @FunctionalInterface
    private interface Body {
        void writeTo(Writer out) throws IOException;
    }

    private final Map<Column<T>, ValueProvider<T, ?>> texts = new IdentityHashMap<>();
    private final List<Anchor> links = new ArrayList<>();

    public Table(Class<T> beanType) {
        super(beanType, false);
    }

    public Table() {
        super();
    }

    /** The most rows a table shows whole; more scroll inside it. */
    public static final int SCREENFUL = 25;

    /**
     * Sizes the table for {@code rows} rows: whole up to a {@link #SCREENFUL}, else scrolling in a fixed height, where
     * the browser draws only the rows in view (1,000 alerts with their links and buttons drawn whole took seconds).
     */
    public void showRows(int rows) {
        boolean whole = rows <= SCREENFUL;
        setAllRowsVisible(whole);
        setHeight(whole ? null : "40em");
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

    /**
     * A column of links to the page about each row's {@code text} (a test, a run, a device), at {@code address}, with
     * {@code after} (plain text, may be empty) behind: drawn in the browser from the row's values, navigating inside
     * the app as a {@code RouterLink} does, instead of a component per row (a runs page's first answer held some 300
     * of them). Exported as {@code exported}, unless null.
     */
    public Column<T> addLinkColumn(ValueProvider<T, String> text, ValueProvider<T, String> address,
                                   ValueProvider<T, String> after, ValueProvider<T, ?> exported) {
        return addRenderedColumn(LitRenderer.<T>of(
                        "<a href=\"${item.address}\" router-link>${item.text}</a>${item.after}")
                .withProperty("text", text).withProperty("address", address).withProperty("after", after), exported);
    }

    /** {@link #addLinkColumn(ValueProvider, ValueProvider, ValueProvider, ValueProvider)} of the text alone. */
    public Column<T> addLinkColumn(ValueProvider<T, String> text, ValueProvider<T, String> address) {
        return addLinkColumn(text, address, row -> "", text);
    }

    /**
     * A column of a word in a style (a color), marked for what it means in attribute {@code data-<mark>} (e.g. a
     * verdict as {@code data-verdict="fail"}), drawn in the browser as {@link #addLinkColumn} is. Exported as the word.
     */
    public Column<T> addMarkColumn(String mark, ValueProvider<T, String> text, ValueProvider<T, String> meaning,
                                   ValueProvider<T, String> style) {
        return addRenderedColumn(LitRenderer.<T>of("<span data-" + mark
                        + "=\"${item.meaning}\" style=\"${item.style}\">${item.text}</span>")
                .withProperty("text", text).withProperty("meaning", meaning).withProperty("style", style), text);
    }

    /** A column drawn by {@code renderer}, exported as {@code exported} unless null. */
    public Column<T> addRenderedColumn(Renderer<T> renderer, ValueProvider<T, ?> exported) {
        Column<T> column = addColumn(renderer);
        if (exported != null) {
            texts.put(column, exported);
        }
        return column;
    }

    /** The exported columns' headers, then one line per row shown (filtered and sorted as on screen). */
    public String csv() {
        List<Column<T>> columns = exported();
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers(columns));
        getGenericDataView().getItems().forEach(row -> lines.add(cells(columns, row)));
        return Csv.of(lines);
    }

    /** A link that downloads {@link #csv()} as {@code <name>.csv}; its id is the grid's with {@code -csv}. */
    public Anchor csvLink(String name) {
        return link(name, () -> {
            String csv = csv();
            return out -> out.write(csv);
        });
    }

    /**
     * A link that downloads, as {@code <name>.csv}, the exported columns over the rows {@code rows} gives: for a grid
     * read a page at a time, whose rows are not all in the UI. {@code rows} is asked under the session's lock (to take
     * the filter and sort shown); the rows it gives are read and written after the lock is released, a line at a
     * time, so that a long export neither holds the page nor the whole file in memory.
     */
    public Anchor csvLink(String name, Supplier<Rows<T>> rows) {
        return link(name, () -> {
            List<Column<T>> columns = exported();
            List<String> headers = headers(columns);
            Rows<T> shown = rows.get();
            return out -> {
                out.write(Csv.line(headers));
                shown.forEach(row -> {
                    try {
                        out.write(Csv.line(cells(columns, row)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            };
        });
    }

    /** Its export links show and hide with it: no export of a table that is not there. */
    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        links.forEach(link -> link.setVisible(visible));
    }

    private Anchor link(String name, Supplier<Body> body) {
        DownloadHandler download = event -> {
            Body written = locked(event.getSession(), body);
            event.setFileName(name + ".csv");
            event.setContentType("text/csv; charset=utf-8");
            try (Writer out = new BufferedWriter(new OutputStreamWriter(event.getOutputStream(),
                    StandardCharsets.UTF_8))) {
                written.writeTo(out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
        Anchor link = new Anchor();
        link.setText("Export CSV");
        // A download is registered with the UI it is shown in: once attached (views are built before).
        link.addAttachListener(e -> link.setHref(download, AttachmentType.DOWNLOAD));
        getId().ifPresent(id -> link.setId(id + "-csv"));
        link.setVisible(isVisible());
        links.add(link);
        return link;
    }

    private List<Column<T>> exported() {
        return getColumns().stream().filter(c -> c.isVisible() && texts.containsKey(c)).toList();
    }

    private static <T> List<String> headers(List<Column<T>> columns) {
        return columns.stream().map(c -> c.getHeaderText() == null ? "" : c.getHeaderText()).toList();
    }

    private List<String> cells(List<Column<T>> columns, T row) {
        return columns.stream().map(c -> String.valueOf(texts.get(c).apply(row))).toList();
    }

    /** What the UI holds, read under the session's lock, as any change to it is made. */
    private static Body locked(VaadinSession session, Supplier<Body> body) {
        session.lock();
        try {
            return body.get();
        } finally {
            session.unlock();
        }
    }
}
