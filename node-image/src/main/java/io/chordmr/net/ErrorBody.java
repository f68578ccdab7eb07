package io.chordmr.net;

/** The body of an ERROR frame: {@code short code, string message}. */
final class ErrorBody {

    private ErrorBody() {
    }

    static byte[] encode(ErrorCode code, String message) {
        return new BodyWriter(64).writeShort(code.code()).writeString(message == null ? "" : message).toByteArray();
    }

    static RemoteException decode(Address from, byte[] body) {
        BodyReader r = new BodyReader(body);
        ErrorCode code = ErrorCode.fromCode(r.readShort());
        return new RemoteException(from, code, r.readString());
    }
}
