package io.chordmr.examples;

import java.util.function.Consumer;

/** Splits a line into words the way Python's {@code str.split()} does: on runs of whitespace, nothing dropped but it. */
public final class Words {

    private Words() {
    }

    public static boolean isSpace(char c) {
        if (c < 0x80) {
            // ASCII: space, \t \n \u000b \f \r, and the separators \u001c-\u001f, as Python counts them.
            return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    public static void forEach(String line, Consumer<String> word) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                word.accept(line.substring(start, i));
            }
        }
    }
}
