package dev.parallax.clickhouse.http;

import java.nio.charset.StandardCharsets;

/**
 * Splits UTF-8 SQL bytes into tokens exactly where ClickHouse's own lexer ({@code src/Parsers/Lexer.cpp}) splits
 * them, so that the front and the engine agree on where a statement ends. Any disagreement is a way to smuggle a
 * second statement past the one-statement rule, which is why this follows the engine byte for byte rather than
 * approximately: comments {@code --}, {@code //} and {@code #}/{@code #!} (a {@code #} followed by anything else
 * is not a comment) to the next {@code \n} only, nestable {@code /* *\/}; strings in {@code '...'} with backslash
 * and doubled-quote escapes, {@code x'..'}/{@code b'..'}, {@code ‘...’} without escapes and heredocs
 * {@code $tag$...$tag$} (tag of word characters); identifiers in {@code "..."}, {@code `...`} and
 * {@code “...”}; numbers, whose exponent may swallow a sign ({@code 1e--} is not a comment); Unicode whitespace.
 * A statement boundary is a {@code ;} token at bracket depth 0 and nothing else ({@code \G} is an error in the
 * engine, not a delimiter). Checked against the engine by {@code StatementBoundaryFuzzTest}.
 *
 * <p>It is lazy: the caller stops pulling tokens where INSERT data starts, because data (RowBinary, say) is not
 * SQL.
 */
final class SqlLexer {

    /**
     * WORD: a bare word (may contain {@code $}); ERROR: what the engine refuses to lex (an unclosed quote or
     * comment, a stray byte), which makes the engine refuse the statement.
     */
    enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, ERROR }

    /** A token: bytes [start, end) of the source, at bracket depth {@code depth} (0 = top level). */
    record Token(Kind kind, int start, int end, int depth, byte[] source) {

        String text() {
            return new String(source, start, end - start, StandardCharsets.UTF_8);
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && end - start == word.length() && text().equalsIgnoreCase(word);
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && end - start == 1 && source[start] == symbol;
        }

        /** The identifier this token names, without quotes, or null when it is not an identifier. */
        String identifier() {
            return switch (kind) {
                case WORD -> text();
                case QUOTED_IDENTIFIER -> {
                    int quote = source[start] == (byte) 0xE2 ? 3 : 1; // “...” or "..." / `...`
                    yield new String(source, start + quote, Math.max(0, end - start - 2 * quote),
                            StandardCharsets.UTF_8);
                }
                default -> null;
            };
        }
    }

    private final byte[] source;
    private final int begin;
    private final int limit;
    private int position;
    private int depth;
    private Token previous;

    SqlLexer(byte[] source, int offset, int limit) {
        this.source = source;
        this.begin = offset;
        this.position = offset;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    /** The next significant token (comments and whitespace skipped), or null at the end of input. */
    Token next() {
        skipSpaceAndComments();
        if (position >= limit) return null;
        Token token = token();
        previous = token;
        return token;
    }

    private Token token() {
        int start = position;
        int b = source[position] & 0xFF;
        switch (b) {
            case '\'':
                return quoted(Kind.STRING, start, (byte) '\'');
            case '"':
            case '`':
                return quoted(Kind.QUOTED_IDENTIFIER, start, (byte) b);
            case '(', '[', '{':
                position++;
                return new Token(Kind.SYMBOL, start, position, depth++, source);
            case ')', ']', '}':
                position++;
                depth = Math.max(0, depth - 1);
                return new Token(Kind.SYMBOL, start, position, depth, source);
            case '.':
                return dot(start);
            case '/':
                if (peek(1) == '*') { // a block comment that is never closed (closed ones were skipped)
                    position = limit;
                    return new Token(Kind.ERROR, start, limit, depth, source);
                }
                break;
            case '#':
                position++; // '#' not followed by ' ' or '!' (those are comments, skipped): the engine's error
                return new Token(Kind.ERROR, start, position, depth, source);
            case '!':
                position++;
                if (peek(0) == '=') position++;
                return new Token(position - start == 2 ? Kind.SYMBOL : Kind.ERROR, start, position, depth, source);
            case '\\':
                position++;
                if (peek(0) == 'G') position++; // \G: the engine's vertical-output marker, which it refuses here
                return new Token(Kind.ERROR, start, position, depth, source);
            default:
                break;
        }
        if (b >= '0' && b <= '9') return number(start);
        if (b == 0xE2 && start + 3 <= limit && peek(1) == 0x88 && peek(2) == 0x92) { // − (minus sign)
            position += 3;
            return new Token(Kind.SYMBOL, start, position, depth, source);
        }
        if (b == 0xE2 && start + 5 < limit && peek(1) == 0x80 && (peek(2) == 0x98 || peek(2) == 0x9C)) {
            return unicodeQuoted(start); // ‘string’ or “identifier”
        }
        if (b == '$') {
            Token heredoc = heredoc(start);
            if (heredoc != null) return heredoc;
            if (start + 1 == limit || !isWordChar(peek(1))) {
                position++;
                return new Token(Kind.SYMBOL, start, position, depth, source);
            }
        }
        if ((b == 'x' || b == 'X' || b == 'b' || b == 'B') && start + 2 < limit && peek(1) == '\'') {
            return hexOrBinaryString(start, b == 'x' || b == 'X');
        }
        if (isWordChar(b) || b == '$') {
            position++;
            while (position < limit && (isWordChar(peek(0)) || peek(0) == '$')) position++;
            return new Token(Kind.WORD, start, position, depth, source);
        }
        position++;
        if (b >= 0x80) return new Token(Kind.ERROR, start, position, depth, source); // not Unicode whitespace
        if (b == '-' && peek(0) == '>') position++;
        else if (b == '<' && peek(0) == '=' && peek(1) == '>') position += 2;
        else if ((b == '<' || b == '>') && peek(0) == '=') position++;
        else if (b == '<' && peek(0) == '>') position++;
        else if ((b == '=' || b == '|') && peek(0) == b) position++;
        else if ((b == ':' || b == '@') && peek(0) == b) position++;
        return new Token(Kind.SYMBOL, start, position, depth, source);
    }

    /** '...' or "..." or `...`: backslash escapes the next byte, a doubled quote is a quote. */
    private Token quoted(Kind kind, int start, byte quote) {
        position++;
        while (position < limit) {
            byte b = source[position];
            if (b == quote) {
                position++;
                if (position < limit && source[position] == quote) {
                    position++;
                    continue;
                }
                return new Token(kind, start, position, depth, source);
            }
            if (b == '\\') {
                position++;
                if (position >= limit) break;
            }
            position++;
        }
        position = limit;
        return new Token(Kind.ERROR, start, limit, depth, source);
    }

    /** ‘...’ (a string) or “...” (an identifier): ends at the first matching closing quote, no escapes. */
    private Token unicodeQuoted(int start) {
        int closing = peek(2) + 1; // ‘ E2 80 98 closes with ’ E2 80 99; “ E2 80 9C with ” E2 80 9D
        Kind kind = peek(2) == 0x98 ? Kind.STRING : Kind.QUOTED_IDENTIFIER;
        position += 3;
        while (position + 2 < limit) {
            if (peek(0) == 0xE2 && peek(1) == 0x80 && peek(2) == closing) {
                position += 3;
                return new Token(kind, start, position, depth, source);
            }
            position++;
        }
        position = limit;
        return new Token(Kind.ERROR, start, limit, depth, source);
    }

    /** $tag$...$tag$ with a tag of word characters (possibly empty), or null when there is no such heredoc. */
    private Token heredoc(int start) {
        int tagEnd = start + 1;
        while (tagEnd < limit && isWordChar(source[tagEnd] & 0xFF)) tagEnd++;
        if (tagEnd >= limit || source[tagEnd] != '$') return null;
        int delimiterLength = tagEnd + 1 - start;
        for (int i = tagEnd + 1; i + delimiterLength <= limit; i++) {
            if (regionEquals(start, i, delimiterLength)) {
                position = i + delimiterLength;
                return new Token(Kind.STRING, start, position, depth, source);
            }
        }
        return null;
    }

    private boolean regionEquals(int a, int b, int length) {
        for (int k = 0; k < length; k++) if (source[a + k] != source[b + k]) return false;
        return true;
    }

    /** x'4142' or b'0101': only digits of the base may come before the closing quote, else the rest is an error. */
    private Token hexOrBinaryString(int start, boolean hex) {
        position = start + 2;
        while (position < limit && (hex ? isHexDigit(peek(0)) : (peek(0) == '0' || peek(0) == '1'))) position++;
        if (position >= limit || source[position] != '\'') {
            position = limit;
            return new Token(Kind.ERROR, start, limit, depth, source);
        }
        position++;
        return new Token(Kind.STRING, start, position, depth, source);
    }

    /** A number as the engine skips it: 0x/0b prefixes, _ separators, a fraction, an exponent with its sign. */
    private Token number(int start) {
        if (previous != null && previous.isSymbol('.')) {
            // After a dot only a plain integer: x.1.1 is tuple access.
            position++;
            while (position < limit && (isDigit(peek(0)) || isNumberSeparator(false, false))) position++;
        } else {
            boolean startOfBlock = false;
            boolean hex = false;
            int second = peek(1);
            if (start + 2 < limit && peek(0) == '0' && (second == 'x' || second == 'X' || second == 'b' || second == 'B')) {
                boolean valid;
                if (second == 'x' || second == 'X') {
                    valid = isHexDigit(peek(2));
                    hex = valid;
                } else {
                    valid = peek(2) == '0' || peek(2) == '1';
                }
                if (valid) {
                    position += 2;
                    startOfBlock = true;
                } else {
                    position++;
                }
            } else {
                position++;
            }
            while (position < limit && ((hex ? isHexDigit(peek(0)) : isDigit(peek(0))) || isNumberSeparator(startOfBlock, hex))) {
                position++;
                startOfBlock = false;
            }
            if (position < limit && peek(0) == '.') {
                startOfBlock = true;
                position++;
                while (position < limit && ((hex ? isHexDigit(peek(0)) : isDigit(peek(0))) || isNumberSeparator(startOfBlock, hex))) {
                    position++;
                    startOfBlock = false;
                }
            }
            exponent(hex ? 'p' : 'e');
        }
        if (position < limit && isWordChar(peek(0))) {
            position++;
            while (position < limit && isWordChar(peek(0))) position++;
            return new Token(Kind.WORD, start, position, depth, source); // 1abc: an identifier (or a wrong number)
        }
        return new Token(Kind.NUMBER, start, position, depth, source);
    }

    /** A '.' is a qualifier/tuple dot after a name, bracket or number, else the start of a number like .5e-3. */
    private Token dot(int start) {
        boolean digitFollows = start + 1 < limit && isDigit(peek(1));
        Kind prev = previous == null ? null : previous.kind;
        boolean afterOperand = previous != null && (prev == Kind.WORD || prev == Kind.QUOTED_IDENTIFIER
                || prev == Kind.NUMBER || previous.isSymbol(')') || previous.isSymbol(']'));
        if (start > begin && (!digitFollows || afterOperand)) {
            position++;
            return new Token(Kind.SYMBOL, start, position, depth, source);
        }
        position++;
        boolean startOfBlock = true;
        while (position < limit && (isDigit(peek(0)) || isNumberSeparator(startOfBlock, false))) {
            position++;
            startOfBlock = false;
        }
        exponent('e');
        return new Token(Kind.NUMBER, start, position, depth, source);
    }

    private void exponent(char marker) {
        if (position + 1 < limit && (peek(0) | 0x20) == marker) {
            boolean startOfBlock = true;
            position++;
            if (position + 1 < limit && (peek(0) == '-' || peek(0) == '+')) position++;
            while (position < limit && (isDigit(peek(0)) || isNumberSeparator(startOfBlock, false))) {
                position++;
                startOfBlock = false;
            }
        }
    }

    /** ClickHouse's isNumberSeparator: an '_' between two digits of the current base. */
    private boolean isNumberSeparator(boolean startOfBlock, boolean hex) {
        if (peek(0) != '_' || startOfBlock) return false;
        if (position + 1 >= limit) return false;
        return hex ? isHexDigit(peek(1)) : isDigit(peek(1));
    }

    private void skipSpaceAndComments() {
        while (position < limit) {
            int b = peek(0);
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B) {
                position++;
            } else if ((b == '-' && peek(1) == '-') || (b == '/' && peek(1) == '/')
                    || (b == '#' && (peek(1) == ' ' || peek(1) == '!'))) {
                while (position < limit && source[position] != '\n') position++; // only \n ends it
            } else if (b == '/' && peek(1) == '*') {
                if (!skipBlockComment()) return; // unclosed: left for token() to report as an error
            } else {
                int width = unicodeWhitespaceWidth();
                if (width == 0) return;
                position += width;
            }
        }
    }

    /** Skips a nestable block comment; false (position unchanged) when it is never closed. */
    private boolean skipBlockComment() {
        int i = position + 2;
        int nesting = 1;
        while (i + 2 <= limit) {
            if (source[i] == '/' && source[i + 1] == '*') {
                nesting++;
                i += 2;
            } else if (source[i] == '*' && source[i + 1] == '/') {
                nesting--;
                i += 2;
                if (nesting == 0) {
                    position = i;
                    return true;
                }
            } else {
                i++;
            }
        }
        return false;
    }

    /**
     * The byte length of the Unicode whitespace at the position (ClickHouse's skipWhitespacesUTF8: U+0085, U+00A0,
     * U+180E, U+2000..U+200D, U+2028, U+2029, U+202F, U+205F, U+2060, U+3000, U+FEFF), or 0.
     */
    private int unicodeWhitespaceWidth() {
        int b0 = peek(0);
        int b1 = peek(1);
        int b2 = peek(2);
        if (position + 1 < limit && b0 == 0xC2 && (b1 == 0x85 || b1 == 0xA0)) return 2;
        if (position + 2 >= limit) return 0;
        boolean whitespace = (b0 == 0xE1 && b1 == 0xA0 && b2 == 0x8E)
                || (b0 == 0xE2 && b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8D) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF))
                || (b0 == 0xE2 && b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0))
                || (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80)
                || (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF);
        return whitespace ? 3 : 0;
    }

    /** The unsigned byte {@code ahead} bytes from the position, or -1 past the end. */
    private int peek(int ahead) {
        int i = position + ahead;
        return i < limit ? source[i] & 0xFF : -1;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(int b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean isWordChar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || isDigit(b);
    }
}
