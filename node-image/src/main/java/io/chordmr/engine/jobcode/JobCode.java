package io.chordmr.engine.jobcode;

import io.chordmr.api.HashPartitioner;
import io.chordmr.api.LongSum;
import io.chordmr.api.Mapper;
import io.chordmr.api.Partitioner;
import io.chordmr.api.Reducer;
import io.chordmr.api.Serde;
import io.chordmr.api.Serdes;
import io.chordmr.api.Text;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.engine.manifest.InvalidJobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's code on one node: its classes (from the classpath, or a job jar in a class loader of
 * its own, closed with this object) or streaming commands, and the serdes of its types.
 */
public final class JobCode implements AutoCloseable {

    private final JobSpec spec;
    private final Path filesDir;
    private final ClassLoader loader;
    private final URLClassLoader own;
    private final Class<?> mapper;
    private final Class<?> combiner;
    private final Class<?> reducer;
    private final Class<?> partitioner;
    private final Serde<Object> mapKey;
    private final Serde<Object> mapValue;
    private final Serde<Object> combineKey;
    private final Serde<Object> reduceKey;
    private final Serde<Object> outKey;
    private final Serde<Object> outValue;
    private final boolean textLines;

    /**
     * Loads and type-checks the job's classes.
     *
     * @param jarFile the job jar, already fetched to local disk, or null
     * @param filesDir the job's shipped files, the working directory of its streaming commands; null for none
     * @throws InvalidJobException naming the field of a missing class or a type mismatch
     */
    public JobCode(JobSpec spec, Path jarFile, Path filesDir) {
        this.spec = spec;
        this.filesDir = filesDir;
        try {
            this.own = jarFile == null ? null : new URLClassLoader(new URL[] {jarFile.toUri().toURL()}, JobCode.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loader = own != null ? own : JobCode.class.getClassLoader();
        List<String> p = new ArrayList<>();
        mapper = load("spec.mapper", spec.getMapper(), Mapper.class, p);
        reducer = load("spec.reducer", spec.getReducer(), Reducer.class, p);
        combiner = load("spec.combiner", spec.getCombiner(), Reducer.class, p);
        partitioner = load("spec.partitioner", spec.getPartitioner(), Partitioner.class, p);
        Class<?>[] m = mapper == null ? new Class<?>[] {Long.class, String.class, String.class, String.class}
                : JobTypes.arguments(mapper, Mapper.class);
        Class<?>[] r = reducer == null ? new Class<?>[] {String.class, String.class, String.class, String.class}
                : JobTypes.arguments(reducer, Reducer.class);
        if (p.isEmpty()) {
            checkTypes(m, r, p);
        }
        if (!p.isEmpty()) {
            close();
            throw new InvalidJobException(p);
        }
        mapKey = serde(m[2]);
        mapValue = serde(m[3]);
        reduceKey = serde(r[0]);
        Class<?> combinerKey = combiner == null ? null : JobTypes.arguments(combiner, Reducer.class)[0];
        combineKey = combinerKey == null ? mapKey : serde(combinerKey);
        outKey = serde(r[2]);
        outValue = serde(r[3]);
        textLines = m[1] == Text.class;
    }

    private void checkTypes(Class<?>[] m, Class<?>[] r, List<String> p) {
        if (m[0] != null && !m[0].isAssignableFrom(Long.class) || m[1] != null && m[1] != Text.class && !m[1].isAssignableFrom(String.class)) {
            p.add("spec.mapper: text input gives (Long offset, String or Text line), but " + mapper.getName() + " takes ("
                    + name(m[0]) + ", " + name(m[1]) + ")");
        }
        for (int i = 0; i < 4; i++) {
            if (m[i] == null || r[i] == null) {
                p.add("cannot tell the key and value types of " + (m[i] == null ? mapper : reducer).getName()
                        + "; declare them, as in implements Mapper<Long, String, String, Long>");
                return;
            }
        }
        if (!same(m[2], r[0]) || !same(m[3], r[1])) {
            p.add("spec.reducer takes (" + name(r[0]) + ", " + name(r[1]) + ") but the mapper emits (" + name(m[2]) + ", " + name(m[3]) + ")");
        }
        if (combiner != null) {
            Class<?>[] c = JobTypes.arguments(combiner, Reducer.class);
            if (!same(c[0], m[2]) || !same(c[1], m[3]) || !same(c[2], m[2]) || !same(c[3], m[3])) {
                p.add("spec.combiner must take and emit the mapper's output types (" + name(m[2]) + ", " + name(m[3]) + ")");
            }
        }
        for (Class<?> t : new Class<?>[] {m[2], m[3], r[2], r[3]}) {
            try {
                Serdes.forClass(t);
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
    }

    /** One type on the wire: equal, or String and Text, which encode alike (UTF-8). */
    private static boolean same(Class<?> a, Class<?> b) {
        return Objects.equals(a, b) || text(a) && text(b);
    }

    private static boolean text(Class<?> c) {
        return c == String.class || c == Text.class;
    }

    private static String name(Class<?> c) {
        return c == null ? "?" : c.getSimpleName();
    }

    private Class<?> load(String field, StepSpec step, Class<?> iface, List<String> problems) {
        if (step == null || step.getClassName() == null) {
            return null;
        }
        try {
            Class<?> c = Class.forName(step.getClassName(), false, loader);
            if (!iface.isAssignableFrom(c)) {
                problems.add(field + ".class: " + c.getName() + " does not implement " + iface.getName());
                return null;
            }
            c.getConstructor();
            return c;
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(field + ".class: no class '" + step.getClassName() + "' on the node's classpath"
                    + (spec.getJar() == null ? "" : " or in jar '" + spec.getJar() + "'"));
        } catch (NoSuchMethodException e) {
            problems.add(field + ".class: " + step.getClassName() + " has no public constructor without arguments");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Serde<Object> serde(Class<?> c) {
        return (Serde<Object>) Serdes.forClass(c);
    }

    @SuppressWarnings("unchecked")
    public Mapper<Object, Object, Object, Object> newMapper() {
        return mapper == null ? (Mapper<Object, Object, Object, Object>) (Mapper<?, ?, ?, ?>) new StreamingMapper(spec.getMapper().getCommand(), filesDir)
                : (Mapper<Object, Object, Object, Object>) instantiate(mapper);
    }

    @SuppressWarnings("unchecked")
    public Reducer<Object, Object, Object, Object> newReducer() {
        return reducer == null ? (Reducer<Object, Object, Object, Object>) (Reducer<?, ?, ?, ?>) new StreamingReducer(spec.getReducer().getCommand(), filesDir)
                : (Reducer<Object, Object, Object, Object>) instantiate(reducer);
    }

    /** A new combiner, or null when the job has none. */
    @SuppressWarnings("unchecked")
    public Reducer<Object, Object, Object, Object> newCombiner() {
        if (spec.getCombiner() == null) {
            return null;
        }
        return combiner == null ? (Reducer<Object, Object, Object, Object>) (Reducer<?, ?, ?, ?>) new StreamingReducer(spec.getCombiner().getCommand(), filesDir)
                : (Reducer<Object, Object, Object, Object>) instantiate(combiner);
    }

    @SuppressWarnings("unchecked")
    public Partitioner<Object> newPartitioner() {
        return partitioner == null ? new HashPartitioner<>() : (Partitioner<Object>) instantiate(partitioner);
    }

    public Serde<Object> mapKeySerde() {
        return mapKey;
    }

    public Serde<Object> mapValueSerde() {
        return mapValue;
    }

    /** How the combiner takes its keys: the mapper's, or String for Text (or Text for String). */
    public Serde<Object> combineKeySerde() {
        return combineKey;
    }

    /** How the reducer takes its keys (it may take String where the mapper emits Text). */
    public Serde<Object> reduceKeySerde() {
        return reduceKey;
    }

    /** True when the reducer is a Java class marked {@link LongSum}. */
    public boolean reducerIsLongSum() {
        return reducer != null && LongSum.class.isAssignableFrom(reducer);
    }

    /** True when the mapper takes each line as a reused {@link Text}, false for a String. */
    public boolean textLines() {
        return textLines;
    }

    public Serde<Object> outKeySerde() {
        return outKey;
    }

    public Serde<Object> outValueSerde() {
        return outValue;
    }

    public ClassLoader classLoader() {
        return loader;
    }

    private static Object instantiate(Class<?> c) {
        try {
            return c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + c.getName() + ": " + e, e);
        }
    }

    /** Closes the job jar's class loader, if any. */
    @Override
    public void close() {
        if (own != null) {
            try {
                own.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the class loader of the job jar", e);
            }
        }
    }

}
