package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.logging.LoggingOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the ring's members as a table. */
@Command(name = "ring", mixinStandardHelpOptions = true,
        description = "Show the ring's members, their id ranges, chunk counts and replication health.")
final class RingCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        JsonNode ring = client.client().getJson("/ring");
        System.out.printf("%-16s %-22s %-35s %8s %12s %s%n", "NAME", "ADDRESS", "ID RANGE (start, end]", "KEYS", "BYTES", "UNDER-REPLICATED");
        for (JsonNode m : ring.get("members")) {
            System.out.printf("%-16s %-22s %-35s %8s %12s %s%n", m.get("name").asText(), m.get("address").asText(),
                    m.get("rangeStart").asText() + ".." + m.get("rangeEnd").asText(),
                    m.has("keys") ? m.get("keys").asText() : "?", m.has("bytes") ? m.get("bytes").asText() : "?",
                    m.has("underReplicated") ? m.get("underReplicated").asText() : m.path("error").asText("unreachable"));
        }
        int under = 0;
        for (JsonNode m : ring.get("members")) {
            under += m.path("underReplicated").asInt(0);
        }
        System.out.printf("%d members, replication %d, successor list %d; %s%n", ring.get("size").asInt(),
                ring.get("replication").asInt(), ring.get("successorListLength").asInt(),
                under == 0 ? "every key fully replicated" : under + " keys under-replicated");
        if (ring.has("warning")) {
            System.out.println("warning: " + ring.get("warning").asText());
        }
        return 0;
    }
}
