package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS between the cluster's nodes and to their API, with a CA the operator keeps for the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterTls {

    @JsonPropertyDescription("TLS 1.3 on the ring and HTTP ports of every node. The operator makes a CA for the cluster and "
            + "the nodes' certificate (the Secret <name>-tls), renews the certificate before it expires, and trusts only that CA "
            + "when it calls the nodes. On unless set to false, as Strimzi runs Kafka.")
    public Boolean enabled;
}
