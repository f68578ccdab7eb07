package io.chordmr.client;

import java.util.List;

/**
 * {@code GET /datasets/{name}/replicas}: where a dataset's chunks are, asked of every member.
 * A chunk is under-replicated with fewer holders than {@code replication} (capped at the ring's
 * size), and unavailable with none; {@code missing} are the nodes its placement wants that do not
 * hold it (repair copies it there).
 */
public record DatasetReplicas(String name, int chunks, long bytes, int replication, int fullyReplicated, int underReplicated,
                              int unavailable, List<NodeShare> nodes, List<Chunk> chunkList) {

    /** What one member holds of the dataset; {@code error} when it did not answer (its figures are then 0). */
    public record NodeShare(String node, int chunks, long bytes, String error) {
    }

    /** One chunk: the members that hold it, and the ones that should but do not. */
    public record Chunk(int index, String key, long bytes, List<String> holders, List<String> missing) {
    }
}
