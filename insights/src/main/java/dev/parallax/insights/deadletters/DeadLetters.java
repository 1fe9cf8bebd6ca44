package dev.parallax.insights.deadletters;

import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Dead letters grouped by the class of their reason. A reason names the record's own values (its event id, the bad
 * field's value, a byte count), so grouping by the text would make each record its own group; the class leaves
 * those out: ids become {@code <id>}, quoted values {@code '…'}, hex {@code 0x…} and numbers {@code N}.
 */
@Service
public class DeadLetters {

    /** Each pattern (RE2, as ClickHouse runs it) and what replaces it, in this order. */
    private static final List<String[]> VARYING = List.of(
            new String[] {"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<id>"},
            new String[] {"'[^']*'", "'…'"},
            new String[] {"\"[^\"]*\"", "\"…\""},
            new String[] {"0[xX][0-9a-fA-F]+", "0x…"},
            // A number on its own: not the 8 of INT8 or UTF-8.
            new String[] {"(^|[\\s(=:,/])-?[0-9][0-9.]*([eE][-+]?[0-9]+)?", "\\1N"});

    private final Warehouse warehouse;

    public DeadLetters(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The period's dead letters by reason class, the most frequent first; at most {@code limit} classes. */
    public List<ReasonClass> byReason(Period period, int limit) {
        String reasonClass = "reason";
        Object[] params = new Object[VARYING.size() * 2 + 3];
        int i = 0;
        for (String[] v : VARYING) {
            reasonClass = "replaceRegexpAll(" + reasonClass + ", ?, ?)";
            params[i++] = v[0];
            params[i++] = v[1];
        }
        params[i++] = period.from();
        params[i++] = period.to();
        params[i] = limit;
        return warehouse.query("""
                SELECT reason_class, count() AS letters, max(received_at) AS latest,
                    argMax(reason, received_at) AS example, argMax(source, received_at) AS example_source
                FROM (SELECT\s""" + reasonClass + """
                       AS reason_class, reason, source, received_at
                      FROM parallax.dead_letters FINAL WHERE received_at >= ? AND received_at < ?)
                GROUP BY reason_class ORDER BY letters DESC, reason_class LIMIT ?
                """, rs -> new ReasonClass(rs.getString("reason_class"), rs.getLong("letters"),
                Warehouse.instant(rs, "latest"), rs.getString("example"), rs.getString("example_source")), params);
    }
}
