package io.chordmr.ring;

/**
 * The successor of a key, how many remote routing hops answered on the way, and how many hops
 * tried did not (dead fingers or successors, each a time-out on a real network; the Chord paper
 * counts the two apart).
 */
public record LookupResult(NodeRef node, int hops, int timeouts) {
}
