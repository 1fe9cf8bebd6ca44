package dev.parallax.sink;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows waiting to be inserted, by table. Every writer of the warehouse tables (the sink, replay's shadow tables)
 * buffers through it, so a batch is one INSERT per table.
 */
public final class PendingRows {

    private final Map<String, List<Map<String, Object>>> byTable = new LinkedHashMap<>();
    private int size;

    public void add(TableRow row) {
        byTable.computeIfAbsent(row.table(), table -> new ArrayList<>()).add(row.values());
        size++;
    }

    public int size() {
        return size;
    }

    /** How many rows each table has waiting. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        byTable.forEach((table, rows) -> sizes.put(table, rows.size()));
        return sizes;
    }

    /**
     * Inserts the rows, one batch per table. A table's rows leave the buffer once inserted, so after a failure
     * another call inserts only the tables not yet written.
     */
    public void writeTo(TableWriters tables) throws SQLException {
        for (var table : byTable.entrySet()) {
            List<Map<String, Object>> rows = table.getValue();
            tables.writer(table.getKey()).write(rows);
            size -= rows.size();
            rows.clear();
        }
    }
}
