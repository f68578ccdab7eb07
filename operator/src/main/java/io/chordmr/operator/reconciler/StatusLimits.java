package io.chordmr.operator.reconciler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounds on what a job's status carries, so that a chatty job (thousands of counters, megabyte
 * lines, a long error) can never push its resource toward etcd's object size limit.
 */
final class StatusLimits {

    /** User counters ({@code group.name}) kept beside the engine's own, the first by name. */
    static final int USER_COUNTERS = 50;
    static final int PREVIEW_LINES = 20;
    static final int PREVIEW_BYTES = 4096;
    static final int MESSAGE_CHARS = 1024;
    private static final String CUT = "…";

    private StatusLimits() {
    }

    /** The counters to show: every engine counter, and the first {@link #USER_COUNTERS} user ones by name. */
    static Map<String, Long> counters(Map<String, Long> all) {
        Map<String, Long> out = new TreeMap<>();
        int user = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(all).entrySet()) {
            boolean isUser = e.getKey().indexOf('.') >= 0;
            if (isUser && user++ >= USER_COUNTERS) {
                continue;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** How many user counters {@link #counters} leaves out. */
    static int omittedCounters(Map<String, Long> all) {
        long user = all.keySet().stream().filter(k -> k.indexOf('.') >= 0).count();
        return (int) Math.max(0, user - USER_COUNTERS);
    }

    /** At most {@link #PREVIEW_LINES} lines and {@link #PREVIEW_BYTES} bytes of UTF-8; the line that reaches the limit is cut. */
    static List<String> preview(List<String> lines) {
        List<String> out = new ArrayList<>();
        int left = PREVIEW_BYTES;
        for (String line : lines) {
            if (out.size() == PREVIEW_LINES || left <= 0) {
                break;
            }
            int bytes = line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= left) {
                out.add(line);
                left -= bytes;
            } else {
                out.add(cutToBytes(line, left - CUT.getBytes(StandardCharsets.UTF_8).length) + CUT);
                break;
            }
        }
        return out;
    }

    static String message(String m) {
        if (m == null || m.length() <= MESSAGE_CHARS) {
            return m;
        }
        return m.substring(0, MESSAGE_CHARS - CUT.length()) + CUT;
    }

    /** The longest prefix of {@code s} within {@code max} bytes of UTF-8, never splitting a character. */
    private static String cutToBytes(String s, int max) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > max) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
