package io.chordmr.ring;

/** The successor of a key, and how many remote routing hops it took to find. */
public record LookupResult(NodeRef node, int hops) {
}
