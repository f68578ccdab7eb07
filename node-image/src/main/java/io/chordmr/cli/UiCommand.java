package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.client.NodeApi;
import io.chordmr.client.RingView;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.net.ClusterToken;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the dashboard's address, signed in: the token rides in the URL fragment, which the browser never sends. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Print a link that opens the dashboard of the node at --ring, already signed in.",
                "The token is in the link's fragment (after #): the browser keeps it and never sends it to a server; the page "
                        + "moves it into the tab's session storage and out of the address bar. On Kubernetes: "
                        + "kubectl port-forward svc/CLUSTER 7480, then this command."})
final class UiCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        ClusterToken token = client.token.tokenOrNull();
        if (token == null) {
            System.err.println("chordmr ui: give the cluster token (--token-file or CHORDMR_TOKEN): the dashboard needs it");
            return 2;
        }
        NodeApi api = client.client();
        RingView ring = api.ring(); // a wrong token or address fails here, not in the browser
        System.err.println("The dashboard of node " + ring.self().name() + " (" + ring.size() + " members); open:");
        System.out.println(link((client.caFile != null ? "https://" : "http://") + client.ring, token));
        return 0;
    }

    /** The dashboard at {@code base} (scheme, host and port), signed in with {@code token}. */
    static String link(String base, ClusterToken token) {
        return base + "/ui/#token=" + URLEncoder.encode(token.value(), StandardCharsets.UTF_8);
    }
}
