package io.chordmr.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A digest of a dependent's desired state, kept in an annotation on the object written. JOSDK's
 * default matcher (without server-side apply) sees only fields the desired state adds or changes,
 * so a field the spec no longer asks for (a toleration, a scrape rule) would stay forever; a
 * changed digest makes the operator write the object again, whose spec then replaces the old one.
 */
final class DesiredStamp {

    static final String ANNOTATION = "chordmr.io/desired-digest";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private DesiredStamp() {
    }

    /** The desired object, annotated with the digest of everything else it holds. */
    static <R extends HasMetadata> R stamped(R desired) {
        desired.getMetadata().getAnnotations().remove(ANNOTATION);
        String digest;
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(desired).getBytes(StandardCharsets.UTF_8));
            digest = HexFormat.of().formatHex(sha, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest the desired " + desired.getKind(), e);
        }
        desired.getMetadata().getAnnotations().put(ANNOTATION, digest);
        return desired;
    }

    /** The default matcher's verdict, overruled when the digest written last is not the desired one. */
    static <R extends HasMetadata> Matcher.Result<R> match(Matcher.Result<R> byDefault, R actual, R desired) {
        if (!byDefault.matched()) {
            return byDefault;
        }
        String wanted = desired.getMetadata().getAnnotations().get(ANNOTATION);
        String written = actual.getMetadata().getAnnotations() == null ? null : actual.getMetadata().getAnnotations().get(ANNOTATION);
        return Objects.equals(wanted, written) ? byDefault : Matcher.Result.computed(false, desired);
    }
}
