package io.chordmr.examples;

import io.chordmr.api.Text;
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

    /**
     * The same split over UTF-8 bytes: {@code word} is pointed at each word of {@code line} in turn
     * (a slice of the line's array, nothing copied). Whitespace beyond ASCII is matched by its
     * UTF-8 bytes, so the words are those of {@link #forEach(String, Consumer)} on the decoded line.
     */
    public static void forEach(Text line, Text word, Consumer<Text> each) {
        byte[] b = line.bytes();
        int i = line.offset();
        int end = i + line.length();
        while (i < end) {
            int space;
            while (i < end && (space = spaceAt(b, i, end)) > 0) {
                i += space;
            }
            int start = i;
            while (i < end && spaceAt(b, i, end) == 0) {
                i++;
            }
            if (i > start) {
                each.accept(word.set(b, start, i - start));
            }
        }
    }

    /** The length in bytes of the whitespace character at {@code b[i]}, or 0 if there is none. */
    static int spaceAt(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) ? 1 : 0;
        }
        if ((c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3) && i + 1 < end) {
            int c1 = b[i + 1] & 0xff;
            if (c == 0xc2) {
                return c1 == 0x85 || c1 == 0xa0 ? 2 : 0; // U+0085, U+00A0
            }
            if (i + 2 < end) {
                int cp = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (b[i + 2] & 0x3f);
                boolean wellFormed = (c1 & 0xc0) == 0x80 && (b[i + 2] & 0xc0) == 0x80;
                return wellFormed && isSpace((char) cp) ? 3 : 0; // U+1680, U+2000-U+200A, U+2028-9, U+202F, U+205F, U+3000
            }
        }
        return 0;
    }
}
