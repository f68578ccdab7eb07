package io.chordmr.http;

import io.chordmr.client.RingView.Member;
import io.chordmr.client.RingView.Node;
import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.RingState;
import io.chordmr.ring.TokenRing;
import io.chordmr.store.ReplicatedStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The body of {@code GET /ring}: this node's pointers and every member it can see, with its store figures. */
final class RingView {

    /** The most members a node lists: more than any ring this API serves. */
    static final int MAX_MEMBERS = 4096;

    private RingView() {
    }

    /** The view; {@code positions} adds each member's token ids (the dashboard draws them). */
    static io.chordmr.client.RingView of(ApiContext api, boolean positions) {
        RingState st = api.ring().state();
        List<NodeRef> members = new ArrayList<>(api.ring().members(MAX_MEMBERS));
        members.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        int r = api.ring().config().successorListLength();
        boolean safe = members.size() >= r + 1;
        String warning = safe ? null : "the ring has " + members.size() + " members; it needs at least " + (r + 1)
                + " to survive failures as designed (successor list length " + r + ")";
        return new io.chordmr.client.RingView(node(st.self()), st.member(), st.predecessor() == null ? null : node(st.predecessor()),
                st.successors().stream().map(RingView::node).toList(), members.size(), api.ring().successorListLength(),
                Math.min(api.store().config().replication(), members.size()), safe, warning, memberRows(api, members, positions),
                Math.max(0, st.successors().size() - 1));
    }

    private static List<Member> memberRows(ApiContext api, List<NodeRef> members, boolean positions) {
        List<CompletableFuture<ReplicatedStore.NodeStats>> stats = members.stream().map(n -> api.store().stats(n)).toList();
        Map<NodeRef, Integer> tokens = new LinkedHashMap<>();
        members.forEach(n -> tokens.put(n, api.ring().tokensOf(n)));
        Map<NodeRef, Double> shares = TokenRing.of(tokens).primaryShares();
        Map<String, Integer> running = api.jobs().runningAttemptsByNode();
        List<Member> rows = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            NodeRef n = members.get(i);
            String rangeStart = members.get((i - 1 + members.size()) % members.size()).idHex();
            int t = tokens.get(n);
            double share = shares.getOrDefault(n, 0.0);
            Integer tasks = running.getOrDefault(n.name(), 0);
            List<String> at = positions ? Arrays.stream(TokenRing.positions(n.name(), t)).mapToObj(NodeId::hex).toList() : null;
            try {
                ReplicatedStore.NodeStats s = stats.get(i).join();
                rows.add(new Member(n.name(), n.idHex(), n.address().toString(), rangeStart, n.idHex(), t, share, (long) s.keys(),
                        s.bytes(), s.underReplicated(), null, tasks, at));
            } catch (CompletionException e) {
                rows.add(new Member(n.name(), n.idHex(), n.address().toString(), rangeStart, n.idHex(), t, share, null, null, null,
                        String.valueOf(e.getCause().getMessage()), tasks, at));
            }
        }
        return rows;
    }

    static Node node(NodeRef n) {
        return new Node(n.name(), n.idHex(), n.address().toString());
    }
}
