package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.regex.Pattern;

/**
 * Dataset names, which become store keys and file names: the check accepts exactly what an
 * independent statement of the rule (a regular expression) accepts, and a refusal's message shows
 * no control character of the name it quotes.
 */
class DatasetNameFuzzTest {

    private static final Pattern RULE = Pattern.compile("(?!\\.)[A-Za-z0-9._-]{1,200}");

    @FuzzTest(maxDuration = "10m")
    void theCheckIsTheRule(@NotNull String name) {
        if (RULE.matcher(name).matches() && !name.equals("job")) {
            assertThat(DatasetName.validate(name)).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> DatasetName.validate(name)).isInstanceOf(InvalidDatasetNameException.class)
                    .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContainPattern("[\\x00-\\x1f\\x7f]"));
        }
    }
}
