package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;

/** A ring member as others see it: its id, stable name and ring-protocol address. */
public record NodeRef(long id, String name, Address address) {

    public static NodeRef of(String name, Address address) {
        return new NodeRef(NodeId.hash(name), name, address);
    }

    public String idHex() {
        return NodeId.hex(id);
    }

    void writeTo(BodyWriter w) {
        w.writeLong(id).writeString(name).writeString(address.host()).writeInt(address.port());
    }

    static NodeRef readFrom(BodyReader r) {
        long id = r.readLong();
        String name = r.readString();
        String host = r.readString();
        int port = r.readInt();
        return new NodeRef(id, name, new Address(host, port));
    }

    @Override
    public String toString() {
        return name + "@" + address + "#" + NodeId.hex(id).substring(0, 8);
    }
}
