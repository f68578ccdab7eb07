package io.chordmr.operator.dependent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The images built with this operator (the pom's image.registry and image.tag), so versions never drift apart. */
public final class Images {

    private static final Properties IMAGES = load();

    private Images() {
    }

    /** The node image a cluster runs when its spec names none. */
    public static String node() {
        return IMAGES.getProperty("node.image");
    }

    public static String operator() {
        return IMAGES.getProperty("operator.image");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Images.class.getResourceAsStream("/chordmr-images.properties")) {
            if (in == null) {
                throw new IllegalStateException("chordmr-images.properties is missing from the operator jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
