package io.chordmr.store;

/** Dataset names: letters, digits, '.', '_' and '-', at most 200 characters, not starting with '.'. */
public final class DatasetName {

    public static final int MAX_LENGTH = 200;

    private DatasetName() {
    }

    /** Returns the name, or throws an {@link InvalidDatasetNameException} saying what is wrong with it. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidDatasetNameException("dataset name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidDatasetNameException("dataset name is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        if (name.equals("job")) {
            throw new InvalidDatasetNameException("dataset name 'job' is reserved for job records");
        }
        if (name.startsWith(".")) {
            throw new InvalidDatasetNameException("dataset name '" + printable(name) + "' starts with '.'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidDatasetNameException("dataset name '" + printable(name) + "' has a forbidden character "
                        + String.format("U+%04X", (int) c) + " at position " + i + "; use letters, digits, '.', '_' and '-'");
            }
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    static String metaKey(String name) {
        return name + "/meta";
    }

    static String chunkKey(String name, int index) {
        return name + "/" + index;
    }
}
