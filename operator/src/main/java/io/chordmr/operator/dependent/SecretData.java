package io.chordmr.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What the operator's Secrets hold, as text. */
public final class SecretData {

    private SecretData() {
    }

    /** A key of the Secret: in data once the API server stored it, in stringData as written; null without either. */
    public static String value(Secret s, String key) {
        if (s == null) {
            return null;
        }
        if (s.getData() != null && s.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
        }
        return s.getStringData() == null ? null : s.getStringData().get(key);
    }
}
