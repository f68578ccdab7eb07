package io.chordmr.engine.shuffle;

import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.engine.message.EngineMessages.MapOutputFetch;
import io.chordmr.net.Dispatcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Serves byte ranges of this node's map outputs to the reduces that fetch them, off the event loop. */
public final class ShuffleServer {

    private final MapOutputStore outputs;
    private final Executor disk;

    public ShuffleServer(MapOutputStore outputs, Executor disk) {
        this.outputs = outputs;
        this.disk = disk;
    }

    public void registerWith(Dispatcher d) {
        d.register(EngineMessageType.MAP_OUTPUT_FETCH, b -> CompletableFuture.supplyAsync(() -> {
            MapOutputFetch f = EngineMessages.decode(b, MapOutputFetch.class);
            return outputs.read(f.jobId(), f.file(), f.partition(), f.offset(), f.length());
        }, disk));
    }
}
