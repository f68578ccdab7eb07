package io.chordmr.http;

import io.chordmr.ring.NodeRef;
import io.chordmr.ring.RingState;
import io.chordmr.store.ReplicatedStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The body of {@code GET /ring}: this node's pointers and every member it can see, with its store figures. */
final class RingView {

    private RingView() {
    }

    static Map<String, Object> of(ApiContext api) {
        RingState st = api.ring().state();
        List<NodeRef> members = new ArrayList<>(api.ring().members(4096));
        members.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        int r = api.ring().config().successorListLength();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", node(st.self()));
        out.put("member", st.member());
        out.put("predecessor", st.predecessor() == null ? null : node(st.predecessor()));
        out.put("successors", st.successors().stream().map(RingView::node).toList());
        out.put("size", members.size());
        out.put("successorListLength", r);
        out.put("replication", Math.min(api.store().config().replication(), members.size()));
        boolean safe = members.size() >= r + 1;
        out.put("safe", safe);
        if (!safe) {
            out.put("warning", "the ring has " + members.size() + " members; it needs at least " + (r + 1)
                    + " to survive failures as designed (successor list length " + r + ")");
        }
        out.put("members", memberRows(api, members));
        return out;
    }

    private static List<Map<String, Object>> memberRows(ApiContext api, List<NodeRef> members) {
        List<CompletableFuture<ReplicatedStore.NodeStats>> stats = members.stream().map(n -> api.store().stats(n)).toList();
        List<NodeRef> sorted = new ArrayList<>(members);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            NodeRef n = sorted.get(i);
            NodeRef prev = sorted.get((i - 1 + sorted.size()) % sorted.size());
            Map<String, Object> row = node(n);
            row.put("rangeStart", prev.idHex());
            row.put("rangeEnd", n.idHex());
            try {
                ReplicatedStore.NodeStats s = stats.get(i).join();
                row.put("keys", s.keys());
                row.put("bytes", s.bytes());
                row.put("underReplicated", s.underReplicated());
            } catch (CompletionException e) {
                row.put("error", String.valueOf(e.getCause().getMessage()));
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, Object> node(NodeRef n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("id", n.idHex());
        m.put("address", n.address().toString());
        return m;
    }
}
