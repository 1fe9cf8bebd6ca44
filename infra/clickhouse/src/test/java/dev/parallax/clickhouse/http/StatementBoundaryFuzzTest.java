package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The front's one-statement rule against the engine's own view of where a statement ends, on random texts that mix
 * every comment and quoting form ClickHouse has, each hiding (or not) a second statement that leaves a trace.
 *
 * <p>The engine's parser is asked through {@code formatQuery()}, which parses one text as the engine does when it
 * splits statements: it answers the statement, or "Multi-statements are not allowed" at the position of the first
 * {@code ;} after a complete statement. Then every text the front takes as one statement is sent to the front for
 * real, and the traces (a row in {@code fuzz_trace}, a table {@code fuzz_made_*}) must never appear. Seeded:
 * {@code -Dfuzz.seed=N} replays another run, {@code -Dfuzz.cases=N} runs more.
 */
class StatementBoundaryFuzzTest {

    private static final Pattern POSITION = Pattern.compile("failed at position (\\d+)");
    /** Fragments that open, close or hide things, in every quoting and comment form. */
    private static final String[] PIECES = {
            " ", "\n", "\r", "\t", "\u00A0", "\u3000",
            "-- x", "--'", "--", "-", "# x", "#!'", "# '", "#'", "#", "#\t'", "// '", "//", "/",
            "/* ' */", "/* /* ; */ ' */", "/*", "*/", "/* \" */", "*",
            "'", "''", "'a;b'", "'it''s;'", "'\\';'", "'\\\\'", "\\", "\\'",
            "\"", "\"x;y\"", "\"\"", "`", "`a;b`", "``",
            "‘", "’", "‘;'’", "“", "”", "“;”",
            "$$", "$$;$$", "$t$", "$t$;$t$", "$", "$a b$", "x$$", "$1$'$1$",
            "x'41'", "x'", "b'", "1e--", "1e-", "0x", ".5e-", "1_0e--",
            ", 1", ", 'z'", ", $$;$$", ", ‘;’", ", \"c\"", ", `d`", "(", ")", "[", "]", ";", ";;",
    };

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static FrontClient front;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).user("fuzz").password("fuzz-secret").start();
        front = new FrontClient(clickhouse);
        front.query("CREATE TABLE fuzz_trace (id UInt32) ENGINE = MergeTree ORDER BY id");
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.stop();
    }

    @Test
    void theFrontNeverLetsASecondStatementThrough() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261206L);
        int cases = Integer.getInteger("fuzz.cases", 300);
        Random random = new Random(seed);
        int engineOne = 0;
        int engineMulti = 0;
        int frontOne = 0;
        long started = System.nanoTime();
        for (int id = 1; id <= cases; id++) {
            String text = text(random, id);
            String label = "seed " + seed + ", case " + id + ": " + printable(text);
            Verdict engine = engineVerdict(text);
            Verdict ours = frontVerdict(text);
            if (engine.kind == Kind.ONE) {
                engineOne++;
                assertEquals(Kind.ONE, ours.kind, "the engine sees one statement; " + label);
            } else if (engine.kind == Kind.MULTI) {
                engineMulti++;
                assertEquals(Kind.MULTI, ours.kind, "the engine sees several statements; " + label);
                assertEquals(engine.position, ours.position, "the first statement ends elsewhere; " + label);
            }
            if (ours.kind == Kind.ONE) {
                frontOne++;
                front.post(text); // whatever it answers, it must not run a second statement
            }
        }
        assertEquals("0\n", front.query("SELECT count() FROM fuzz_trace"), "a hidden INSERT ran");
        assertEquals("0\n", front.query("SELECT count() FROM system.tables WHERE name LIKE 'fuzz_made_%'"),
                "a hidden CREATE TABLE ran");
        System.out.printf("statement boundary fuzz: seed %d, %d texts in %d ms: engine saw one statement in %d, "
                        + "several in %d; the front took %d as one and ran them%n", seed, cases,
                (System.nanoTime() - started) / 1_000_000, engineOne, engineMulti, frontOne);
        assertTrue(engineOne >= cases / 10 && engineMulti >= cases / 10,
                "the generator should give the engine enough valid texts of both kinds");
    }

    /**
     * SELECT 1 and a few parts: spacing, comments and literals of every form whose contents are random fragments
     * (quotes inside comments, comment starters inside strings, escapes...), a statement leaving a trace either
     * inside such a part (hidden, if the part really hides it) or after a ';', and now and then loose fragments.
     */
    private static String text(Random random, int id) {
        String trace = random.nextBoolean() ? "INSERT INTO fuzz_trace VALUES (" + id + ")"
                : "CREATE TABLE fuzz_made_" + id + " (a UInt8) ENGINE = Memory";
        StringBuilder text = new StringBuilder("SELECT 1");
        int parts = 1 + random.nextInt(4);
        int traceAt = random.nextInt(parts);
        boolean hidden = random.nextBoolean();
        for (int i = 0; i < parts; i++) {
            String inside = contents(random, i == traceAt && hidden ? trace : "");
            switch (random.nextInt(14)) {
                case 0 -> text.append(" -- ").append(inside.replace('\n', ' ')).append('\n');
                case 1 -> text.append(" # ").append(inside.replace('\n', ' ')).append('\n');
                case 2 -> text.append(" #!").append(inside.replace('\n', ' ')).append('\n');
                case 3 -> text.append(" //").append(inside.replace('\n', ' ')).append('\n');
                case 4 -> text.append(" /* ").append(inside).append(" */");
                case 5 -> text.append(" /* /* ").append(inside).append(" */ */");
                case 6 -> text.append(", '").append(inside).append('\'');
                case 7 -> text.append(", $$").append(inside).append("$$");
                case 8 -> text.append(", $t$").append(inside).append("$t$");
                case 9 -> text.append(", ‘").append(inside).append('’');
                case 10 -> text.append(", 1 AS \"").append(inside).append('"');
                case 11 -> text.append(", 1 AS `").append(inside).append('`');
                case 12 -> text.append(", 1 AS “").append(inside).append('”');
                default -> text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (i == traceAt && !hidden) text.append(random.nextInt(5) > 0 ? "; " : " ").append(trace);
        }
        if (random.nextInt(4) == 0) text.append(random.nextBoolean() ? ";" : " ;\n-- done");
        return text.toString();
    }

    /** Up to three random fragments, with {@code trace} among them when it is not empty. */
    private static String contents(Random random, String trace) {
        StringBuilder inside = new StringBuilder();
        int fragments = random.nextInt(4);
        int traceAt = random.nextInt(fragments + 1);
        for (int i = 0; i <= fragments; i++) {
            if (i == traceAt && !trace.isEmpty()) inside.append("; ").append(trace).append(' ');
            if (i < fragments) inside.append(random.nextInt(3) == 0 ? "x" : PIECES[random.nextInt(PIECES.length)]);
        }
        return inside.toString();
    }

    enum Kind { ONE, MULTI, OTHER }

    record Verdict(Kind kind, int position) {
    }

    private static Verdict frontVerdict(String text) {
        try {
            SqlStatement.parse(text.getBytes(StandardCharsets.UTF_8));
            return new Verdict(Kind.ONE, 0);
        } catch (ServerError e) {
            return verdict(e.getMessage());
        }
    }

    /** What the engine's parser makes of {@code text}: formatQuery parses it as one query. */
    private static Verdict engineVerdict(String text) throws Exception {
        // A parameter's value is read in the escaped text format, as a server reads it: escape what it unescapes.
        String escaped = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r");
        HttpResponse<String> r = front.post("param_q=" + FrontClient.encode(escaped), "SELECT formatQuery({q:String})");
        if (r.statusCode() == 200) return new Verdict(Kind.ONE, 0);
        return FrontClient.code(r).equals("62") ? verdict(r.body()) : new Verdict(Kind.OTHER, 0);
    }

    private static Verdict verdict(String message) {
        if (!message.contains("Multi-statements are not allowed")) return new Verdict(Kind.OTHER, 0);
        Matcher m = POSITION.matcher(message);
        if (!m.find()) fail("no position in " + message);
        return new Verdict(Kind.MULTI, Integer.parseInt(m.group(1)));
    }

    private static String printable(String text) {
        return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
