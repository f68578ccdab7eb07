package io.chordmr.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where keys live when each member holds several positions (tokens) on the ring, as Dynamo and
 * Cassandra place virtual nodes: a key belongs to the first position at or after its hash, and
 * its replicas are the members of the following positions clockwise, each physical member once.
 * One position a member, at the hash of its name, is Chord's own placement: a key's successor
 * and the next members. Immutable; built from a view of the members and each one's token count.
 */
public final class TokenRing {

    /** Tokens a member holds by default: stored bytes within about 1.15x of the mean (chordmr simulate --balance). */
    public static final int DEFAULT_TOKENS = 64;
    /** The most tokens one member may announce; more would only slow placement down. */
    public static final int MAX_TOKENS = 1024;

    private static final TokenRing EMPTY = new TokenRing(new long[0], new NodeRef[0], Map.of());

    /** Positions, each as {@code unsigned ^ Long.MIN_VALUE} so that signed order is ring order. */
    private final long[] sorted;
    private final NodeRef[] owner;
    private final Map<NodeRef, Integer> tokens;

    private TokenRing(long[] sorted, NodeRef[] owner, Map<NodeRef, Integer> tokens) {
        this.sorted = sorted;
        this.owner = owner;
        this.tokens = tokens;
    }

    /** A member's positions: the hash of its name for one token, else of {@code name#0 … name#(n-1)}. */
    public static long[] positions(String name, int tokens) {
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("tokens " + tokens + " is outside 1.." + MAX_TOKENS);
        }
        if (tokens == 1) {
            return new long[] {NodeId.hash(name)};
        }
        long[] out = new long[tokens];
        for (int v = 0; v < tokens; v++) {
            out[v] = NodeId.hash(name + "#" + v);
        }
        return out;
    }

    /** The ring the members make, each with its token count; members in the order given. */
    public static TokenRing of(Map<NodeRef, Integer> tokensByMember) {
        if (tokensByMember.isEmpty()) {
            return EMPTY;
        }
        int total = tokensByMember.values().stream().mapToInt(Integer::intValue).sum();
        long[] position = new long[total];
        NodeRef[] ownerOf = new NodeRef[total];
        Integer[] order = new Integer[total];
        int at = 0;
        for (Map.Entry<NodeRef, Integer> e : tokensByMember.entrySet()) {
            // One token sits at the member's Chord id (the hash of its name in a real ring).
            long[] mine = e.getValue() == 1 ? new long[] {e.getKey().id()} : positions(e.getKey().name(), e.getValue());
            for (long p : mine) {
                position[at] = p;
                ownerOf[at] = e.getKey();
                order[at] = at;
                at++;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(position[a], position[b]));
        long[] sorted = new long[total];
        NodeRef[] owner = new NodeRef[total];
        for (int i = 0; i < total; i++) {
            sorted[i] = position[order[i]] ^ Long.MIN_VALUE;
            owner[i] = ownerOf[order[i]];
        }
        return new TokenRing(sorted, owner, Collections.unmodifiableMap(new LinkedHashMap<>(tokensByMember)));
    }

    /** Members with one token each: Chord's placement. */
    public static TokenRing singleToken(List<NodeRef> members) {
        Map<NodeRef, Integer> m = new LinkedHashMap<>();
        members.forEach(n -> m.put(n, 1));
        return of(m);
    }

    /**
     * The key's preference list: the members of the positions at and after the key's hash, each
     * once, skipping the avoided ids, at most {@code max} of them. Replicas are the first entries.
     */
    public List<NodeRef> preferenceList(long key, Set<Long> avoid, int max) {
        List<NodeRef> out = new ArrayList<>(Math.min(max, tokens.size()));
        if (sorted.length == 0) {
            return out;
        }
        int start = Arrays.binarySearch(sorted, key ^ Long.MIN_VALUE);
        if (start < 0) {
            start = -start - 1;
        }
        Set<Long> seen = new HashSet<>();
        for (int k = 0; k < sorted.length && out.size() < max && seen.size() < tokens.size(); k++) {
            NodeRef n = owner[(start + k) % sorted.length];
            if (seen.add(n.id()) && !avoid.contains(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A stretch of the ring, positions {@code first} to {@code last} inclusive and unsigned
     * ({@code first} at or below {@code last}), and the members that hold its keys.
     */
    public record Arc(long first, long last, List<NodeRef> replicas) {
    }

    /**
     * The ring cut at every token into the stretches whose keys share a replica set, in ring order;
     * the stretch that wraps past the top is cut in two at zero.
     */
    public List<Arc> arcs(int rf) {
        List<Arc> out = new ArrayList<>(sorted.length + 1);
        if (sorted.length == 0) {
            return out;
        }
        if (sorted.length == 1) {
            out.add(new Arc(0, -1L, replicas(sorted[0] ^ Long.MIN_VALUE, rf)));
            return out;
        }
        Arc top = null;
        for (int i = 0; i < sorted.length; i++) {
            long end = sorted[i] ^ Long.MIN_VALUE;
            long prev = sorted[(i - 1 + sorted.length) % sorted.length] ^ Long.MIN_VALUE;
            if (prev == end) {
                continue; // two tokens at one position: the second owns nothing
            }
            List<NodeRef> rs = replicas(end, rf);
            long first = prev + 1;
            if (i > 0 || first == 0) {
                out.add(new Arc(first, end, rs));
            } else {
                // (prev, end] wraps: its bottom comes first, its top last.
                out.add(new Arc(0, end, rs));
                top = new Arc(first, -1L, rs);
            }
        }
        if (top != null) {
            out.add(top);
        }
        return out;
    }

    /** The first {@code rf} members of the key's preference list. */
    public List<NodeRef> replicas(long key, int rf) {
        return preferenceList(key, Set.of(), rf);
    }

    /** The same ring without one member, as a leaving node hands its keys off. */
    public TokenRing without(NodeRef n) {
        Map<NodeRef, Integer> m = new LinkedHashMap<>(tokens);
        m.remove(n);
        return of(m);
    }

    /** The same ring with one more member, unless it is in already. */
    public TokenRing with(NodeRef n, int count) {
        if (tokens.containsKey(n)) {
            return this;
        }
        Map<NodeRef, Integer> m = new LinkedHashMap<>(tokens);
        m.put(n, count);
        return of(m);
    }

    /** Each member's share of the key space as primary: the arcs ending at its tokens, as fractions of the ring. */
    public Map<NodeRef, Double> primaryShares() {
        Map<NodeRef, Double> out = new LinkedHashMap<>();
        tokens.keySet().forEach(n -> out.put(n, 0.0));
        for (int i = 0; i < sorted.length; i++) {
            // The arc (previous token, this one]; one token alone owns the whole ring (the difference wraps to 0).
            long arc = sorted[i] - sorted[(i - 1 + sorted.length) % sorted.length];
            double fraction = sorted.length == 1 ? 1.0 : unsignedFraction(arc);
            out.merge(owner[i], fraction, Double::sum);
        }
        return out;
    }

    /** An unsigned 64-bit length as a fraction of 2^64. */
    static double unsignedFraction(long x) {
        double unsigned = x >= 0 ? x : (x >>> 1) * 2.0 + (x & 1);
        return unsigned / 0x1p64;
    }

    /** The members, in the order the view listed them, with their token counts. */
    public Map<NodeRef, Integer> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    public boolean contains(NodeRef n) {
        return tokens.containsKey(n);
    }
}
