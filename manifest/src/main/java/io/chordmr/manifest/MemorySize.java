package io.chordmr.manifest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes written as Kubernetes quantities: {@code 512Mi}, {@code 2Gi}, {@code 1G}, or plain
 * bytes. One parser for the node's flags, job specs and the operator's memory limits.
 */
public final class MemorySize {

    private static final Pattern FORM = Pattern.compile("(\\d{1,15})(Ki|Mi|Gi|Ti|k|K|M|G|T)?");

    private MemorySize() {
    }

    /**
     * @param what the flag or field, named in the error
     * @throws IllegalArgumentException naming {@code what} and the value when it is not a size
     */
    public static long parse(String what, String value) {
        Matcher m = value == null ? null : FORM.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(what + " must be a size such as 512Mi or 2Gi, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long factor = switch (unit) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException(what + " of '" + value + "' is too large");
        }
        return n * factor;
    }

    /** Bytes as the largest binary unit that divides them, such as {@code 512Mi}. */
    public static String format(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long f = 1L << (10 * (4 - i));
            if (bytes >= f && bytes % f == 0) {
                return (bytes / f) + units[i];
            }
        }
        return String.format(Locale.ROOT, "%d", bytes);
    }
}
