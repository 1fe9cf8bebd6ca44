package dev.parallax.clickhouse.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A query the engine refused, with ClickHouse's error code (e.g. 60 UNKNOWN_TABLE, 62 SYNTAX_ERROR). */
public final class EngineException extends Exception {

    /** ClickHouse's STD_EXCEPTION, used when a message carries no code of its own. */
    public static final int UNCLASSIFIED = 1001;

    private static final Pattern CODE = Pattern.compile("^\\s*Code: (\\d+)\\.");

    private final int code;

    public EngineException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** Wraps a message in chDB's "Code: N. DB::Exception: ..." form, keeping N. */
    static EngineException fromEngineMessage(String message) {
        Matcher matcher = CODE.matcher(message);
        int code = matcher.find() ? Integer.parseInt(matcher.group(1)) : UNCLASSIFIED;
        return new EngineException(code, message.strip());
    }

    public int code() {
        return code;
    }
}
