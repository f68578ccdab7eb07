package io.chordmr.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTest {

    /** Strings of ASCII, Latin-1, CJK and astral characters, and (as bytes) some malformed UTF-8. */
    private static List<byte[]> samples() {
        Random r = new Random(11);
        List<byte[]> out = new ArrayList<>();
        int[] pool = {'a', 'z', ' ', '0', 0xe9, 0xff, 0x4e2d, 0x1f600, 0x10348, 0x7f, 0x80, 0x7ff, 0x800, 0xffff};
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                b.appendCodePoint(pool[r.nextInt(pool.length)]);
            }
            out.add(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.add(new byte[] {(byte) 0xe2, (byte) 0x82});
        out.add(new byte[] {'a', (byte) 0xc0, (byte) 0xaf, 'b'});
        out.add(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        out.add(new byte[] {(byte) 0xff});
        return out;
    }

    @Test
    void aSliceIsEqualHashedAndOrderedAsItsStringAndBytesAre() {
        List<byte[]> samples = samples();
        for (byte[] a : samples) {
            // The same bytes at an offset inside a larger array.
            byte[] padded = new byte[a.length + 7];
            System.arraycopy(a, 0, padded, 3, a.length);
            Text t = new Text().set(padded, 3, a.length);
            String s = new String(a, StandardCharsets.UTF_8);
            assertThat(t.toString()).isEqualTo(s);
            assertThat(t.hashCode()).as("hash of %s", s).isEqualTo(s.hashCode());
            assertThat(t).isEqualTo(new Text().set(a.clone(), 0, a.length)).isEqualTo(t.copy());
            assertThat(t.toByteArray()).isEqualTo(a);
            for (byte[] b : samples) {
                Text u = new Text().set(b, 0, b.length);
                assertThat(Integer.signum(t.compareTo(u))).isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(a, b)));
                assertThat(t.equals(u)).isEqualTo(java.util.Arrays.equals(a, b));
            }
        }
    }

    @Test
    void aCopyKeepsItsBytesWhenTheReusedTextMovesOn() {
        byte[] line = "alpha beta".getBytes(StandardCharsets.UTF_8);
        Text reused = new Text().set(line, 0, 5);
        Text kept = reused.copy();
        reused.set(line, 6, 4);
        assertThat(kept.toString()).isEqualTo("alpha");
        assertThat(reused.toString()).isEqualTo("beta");
        line[0] = 'X';
        assertThat(kept.toString()).isEqualTo("alpha");
    }

    @Test
    void theTextSerdeWritesWhatTheStringSerdeWrites() {
        for (byte[] a : samples()) {
            String s = new String(a, StandardCharsets.UTF_8);
            Text t = Serdes.TEXT.parse(s);
            assertThat(Serdes.TEXT.toBytes(t)).isEqualTo(Serdes.STRING.toBytes(s));
            byte[] enc = Serdes.TEXT.toBytes(t);
            assertThat(Serdes.TEXT.fromBytes(enc, 0, enc.length)).isEqualTo(t);
        }
        assertThat(Serdes.forClass(Text.class)).isSameAs(Serdes.TEXT);
    }
}
