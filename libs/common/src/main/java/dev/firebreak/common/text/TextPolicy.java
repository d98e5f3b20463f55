package dev.firebreak.common.text;

/**
 * What free text (names, memos, references, messages) may hold, for every service alike. Text
 * is stored in PostgreSQL, shown in chat and on receipts, and passed between services: a NUL
 * cannot be stored at all (it made a 500), other control characters corrupt what a reader sees
 * or logs, and an unpaired UTF-16 surrogate cannot be encoded as UTF-8, so it would be silently
 * replaced. Such text is refused with a 400, never stored or passed on.
 * <ul>
 *   <li>everywhere: no control character (C0, DEL, C1) except tab, line feed and carriage return,
 *       and no unpaired surrogate;</li>
 *   <li>in single-line text (names, memos, references: {@link SingleLine}): no tab or line break
 *       either (including U+2028/U+2029), and none of the bidirectional embedding, override and
 *       isolate controls (U+202A-U+202E, U+2066-U+2069), which make a name or memo display as
 *       something other than what it is ("Trojan Source").</li>
 * </ul>
 */
public final class TextPolicy {

    private TextPolicy() {
    }

    /** Why {@code text} breaks the rule for all text, or null when it does not. */
    public static Violation check(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return new Violation(i, c, "an unpaired surrogate (not a character)");
            }
            if (Character.isLowSurrogate(c)) {
                return new Violation(i, c, "an unpaired surrogate (not a character)");
            }
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                return new Violation(i, c, "a control character");
            }
        }
        return null;
    }

    /** Why {@code text} breaks the single-line rule (which includes {@link #check}), or null. */
    public static Violation checkSingleLine(String text) {
        Violation any = check(text);
        if (any != null) {
            return any;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return new Violation(i, c, "a tab or line break");
            }
            if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                return new Violation(i, c, "a bidirectional formatting control");
            }
        }
        return null;
    }

    /** The first offending character: where (0-based, in UTF-16 units), which, and what kind. */
    public record Violation(int index, char character, String kind) {

        /** E.g. "U+0000 (a control character) at position 1". */
        public String describe() {
            return String.format("U+%04X (%s) at position %d", (int) character, kind, index);
        }
    }
}
