package dev.parallax.clickhouse.http;

/**
 * Splits UTF-8 SQL bytes into tokens, just enough to find where statements end and where INSERT data begins.
 *
 * <p>It knows ClickHouse's quoting ('strings' with backslash and doubled-quote escapes, "identifiers" and
 * `identifiers`), its comments ({@code --} to end of line, nestable {@code /* *\/}) and bracket depth. It is
 * lazy: the caller stops pulling tokens where INSERT data starts, because data (RowBinary, say) is not SQL.
 */
final class SqlLexer {

    enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL }

    /** A token: bytes [start, end) of the source, at bracket depth {@code depth} (0 = top level). */
    record Token(Kind kind, int start, int end, int depth, byte[] source) {

        String text() {
            return new String(source, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text().equalsIgnoreCase(word);
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && end - start == 1 && source[start] == symbol;
        }

        /** The identifier this token names, without quotes, or null when it is not an identifier. */
        String identifier() {
            return switch (kind) {
                case WORD -> text();
                case QUOTED_IDENTIFIER -> new String(source, start + 1, Math.max(0, end - start - 2),
                        java.nio.charset.StandardCharsets.UTF_8);
                default -> null;
            };
        }
    }

    private final byte[] source;
    private final int limit;
    private int position;
    private int depth;

    SqlLexer(byte[] source, int offset, int limit) {
        this.source = source;
        this.position = offset;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    /** The next token, or null at the end of input. */
    Token next() {
        skipSpaceAndComments();
        if (position >= limit) return null;
        int start = position;
        byte b = source[position];
        if (b == '\'') return quoted(Kind.STRING, start);
        if (b == '"' || b == '`') return quoted(Kind.QUOTED_IDENTIFIER, start);
        if (isWordStart(b)) {
            while (position < limit && isWordPart(source[position])) position++;
            return new Token(Kind.WORD, start, position, depth, source);
        }
        if (b >= '0' && b <= '9') {
            while (position < limit && (isWordPart(source[position]) || source[position] == '.')) position++;
            return new Token(Kind.NUMBER, start, position, depth, source);
        }
        position++;
        int tokenDepth = depth;
        if (b == '(' || b == '[' || b == '{') {
            depth++;
        } else if (b == ')' || b == ']' || b == '}') {
            depth = Math.max(0, depth - 1);
            tokenDepth = depth;
        }
        return new Token(Kind.SYMBOL, start, position, tokenDepth, source);
    }

    private Token quoted(Kind kind, int start) {
        byte quote = source[position++];
        while (position < limit) {
            byte b = source[position++];
            if (b == '\\') {
                position++;
            } else if (b == quote) {
                if (position < limit && source[position] == quote) {
                    position++; // doubled quote: an escaped quote, not the end
                } else {
                    break;
                }
            }
        }
        position = Math.min(position, limit);
        return new Token(kind, start, position, depth, source);
    }

    private void skipSpaceAndComments() {
        while (position < limit) {
            byte b = source[position];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B) {
                position++;
            } else if (b == '-' && peek(1) == '-') {
                while (position < limit && source[position] != '\n') position++;
            } else if (b == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        int nesting = 0;
        while (position < limit) {
            if (source[position] == '/' && peek(1) == '*') {
                nesting++;
                position += 2;
            } else if (source[position] == '*' && peek(1) == '/') {
                nesting--;
                position += 2;
                if (nesting == 0) return;
            } else {
                position++;
            }
        }
    }

    private int peek(int ahead) {
        int i = position + ahead;
        return i < limit ? source[i] : -1;
    }

    private static boolean isWordStart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b < 0; // b < 0: UTF-8 non-ASCII
    }

    private static boolean isWordPart(byte b) {
        return isWordStart(b) || (b >= '0' && b <= '9');
    }
}
