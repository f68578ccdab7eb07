package io.chordmr.api;

/** {@code (key.hashCode() & Integer.MAX_VALUE) % partitions}, as in Hadoop. */
public final class HashPartitioner<K> implements Partitioner<K> {

    @Override
    public int partition(K key, int partitions) {
        int h = key instanceof byte[] b ? java.util.Arrays.hashCode(b) : key.hashCode();
        return (h & Integer.MAX_VALUE) % partitions;
    }
}
