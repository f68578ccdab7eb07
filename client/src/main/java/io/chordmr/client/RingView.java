package io.chordmr.client;

import java.util.List;

/**
 * {@code GET /ring}: one node's view of the ring, its pointers and every member it can see, with
 * each member's store figures.
 *
 * @param replication copies of every key, capped at the ring's size
 * @param successorListLength the node's successor-list length now (it follows the ring's size unless set)
 * @param safe        the ring has more members than its least successor-list length, so it survives failures as designed
 * @param warning     why the ring is not safe, or null
 * @param consecutiveFailuresSurvived how many neighbours in a row after this node may fail at once with the ring still whole
 */
public record RingView(Node self, boolean member, Node predecessor, List<Node> successors, int size, int successorListLength,
                       int replication, boolean safe, String warning, List<Member> members, int consecutiveFailuresSurvived) {

    /** A ring member: its name, id (hex) and ring-protocol address. */
    public record Node(String name, String id, String address) {
    }

    /**
     * A member: the id range {@code (rangeStart, rangeEnd]} it answers Chord lookups for, the
     * positions (tokens) it holds for keys and the share of the key space they make it primary
     * for, and its store's figures; {@code error} says why the figures are missing.
     * {@code tasksRunning} counts the task attempts the running jobs' coordinators have on the
     * member; {@code positions} are its tokens' ids (hex), listed only for {@code GET /ring?positions=true}.
     */
    public record Member(String name, String id, String address, String rangeStart, String rangeEnd, int tokens, double primaryShare,
                         Long keys, Long bytes, Integer underReplicated, String error, Integer tasksRunning, List<String> positions) {
    }

    /** Keys this ring's primaries hold with fewer confirmed copies than they should, summed over the members that answered. */
    public int underReplicated() {
        return members.stream().mapToInt(m -> m.underReplicated() == null ? 0 : m.underReplicated()).sum();
    }
}
