package io.chordmr.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Any text given as a job manifest (chordmr local, chordmr submit, POST /jobs): it is a valid job,
 * or an {@link InvalidJobException} whose message says what is wrong. Any other exception, a hang
 * or a blow-up of memory (YAML aliases, deep nesting) is a finding.
 */
class JobManifestFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void aManifestIsAJobOrAClearRefusal(@NotNull String text) {
        JobManifest m;
        try {
            m = JobManifest.parseYaml(text);
        } catch (InvalidJobException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(m.name()).isNotBlank();
        assertThat(m.spec()).isNotNull();
        JobSpecValidator.validate(m.spec()); // what was accepted stays accepted
    }
}
