package io.chordmr.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingOptionsTest {

    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    }

    @Test
    void jsonLinesGoToARollingFileWithLevelsPerComponent(@TempDir Path dir) throws Exception {
        LoggingOptions o = new LoggingOptions();
        o.json = true;
        o.file = dir.resolve("node.log").toString();
        o.levels = "ring=DEBUG,store=WARN";
        o.apply(Level.INFO);

        LoggerFactory.getLogger("io.chordmr.ring.RingMember").debug("ring: node={} joined", "n1");
        LoggerFactory.getLogger("io.chordmr.store.Datasets").info("store: hidden below WARN");
        LoggerFactory.getLogger("io.chordmr.http.HttpApiServer").info("http: listening");

        List<String> lines = Files.readAllLines(dir.resolve("node.log"));
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("DEBUG");
        assertThat(first.get("loggerName").asText()).isEqualTo("io.chordmr.ring.RingMember");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("ring: node=n1 joined");
        assertThat(json.readTree(lines.get(1)).get("formattedMessage").asText()).isEqualTo("http: listening");

        var appender = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT").getAppender("file");
        var policy = (ch.qos.logback.core.rolling.FixedWindowRollingPolicy)
                ((ch.qos.logback.core.rolling.RollingFileAppender<?>) appender).getRollingPolicy();
        assertThat(policy.getMaxIndex()).isEqualTo(5);
    }

    @Test
    void anUnknownLevelIsNamed() {
        LoggingOptions o = new LoggingOptions();
        o.levels = "ring=LOUD";
        assertThatThrownBy(() -> o.apply(Level.INFO)).hasMessageContaining("unknown log level 'LOUD'");
    }
}
