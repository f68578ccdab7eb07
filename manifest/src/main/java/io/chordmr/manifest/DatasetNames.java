package io.chordmr.manifest;

/**
 * Dataset names: letters, digits, '.', '_' and '-', at most 200 characters, not starting with '.',
 * and not {@code job} (reserved for job records). Checked where a name enters: the node's API, a
 * job's spec, the operator.
 */
public final class DatasetNames {

    public static final int MAX_LENGTH = 200;

    private DatasetNames() {
    }

    /** What is wrong with {@code name} as a dataset name, or null when nothing is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "dataset name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "dataset name is " + name.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        if (name.equals("job")) {
            return "dataset name 'job' is reserved for job records";
        }
        if (name.startsWith(".")) {
            return "dataset name '" + printable(name) + "' starts with '.'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "dataset name '" + printable(name) + "' has a forbidden character " + String.format("U+%04X", (int) c)
                        + " at position " + i + "; use letters, digits, '.', '_' and '-'";
            }
        }
        return null;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
