package io.chordmr.http;

import io.chordmr.client.DatasetInfo;
import io.chordmr.engine.input.InputObject;
import io.chordmr.engine.input.ObjectsStream;
import io.chordmr.engine.input.Urls;
import io.chordmr.engine.output.S3Export;
import io.chordmr.store.BufferSource;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.DatasetName;
import io.chordmr.store.Split;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /datasets}: list, upload (streamed in by {@link DatasetUploadHandler}), read (streamed out), delete. */
final class DatasetRoutes {

    private static final Logger log = LoggerFactory.getLogger(DatasetRoutes.class);

    /** The most lines and bytes {@code GET /datasets/{name}?lines=N} returns. */
    static final int MAX_HEAD_LINES = 10_000;
    static final int MAX_HEAD_BYTES = 1 << 20;

    private final ApiContext api;

    DatasetRoutes(ApiContext api) {
        this.api = api;
    }

    void list(Call c) {
        c.ok(Map.of("datasets", api.datasets().list().stream().map(DatasetRoutes::info).toList()));
    }

    /** What the API tells of a dataset (its chunk layout stays inside the ring). */
    static DatasetInfo info(DatasetMeta m) {
        return new DatasetInfo(m.name(), m.chunks(), m.bytes(), m.records(), m.createdMillis());
    }

    void replicas(Call c) {
        String name = validName(c.param("name"));
        DatasetMeta meta = api.datasets().meta(name);
        if (meta == null) {
            c.error(HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'");
        } else {
            c.ok(DatasetReplicasView.of(api, meta));
        }
    }

    void delete(Call c) {
        String name = validName(c.param("name"));
        if (api.datasets().delete(name)) {
            c.ok(Map.of("deleted", name));
        } else {
            c.error(HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'");
        }
    }

    /** Stores an upload's body as the dataset, made of its own buffers; runs on a worker while the event loop feeds {@code body}. */
    DatasetMeta put(String name, BufferSource body, Split split, boolean overwrite) throws IOException {
        return api.datasets().put(name, body, split, overwrite);
    }

    /**
     * {@code PUT /datasets/{name}?url=URL}: the node reads the URL's files (every object under an
     * S3 prefix, in order; a .gz decompressed) and stores them as the dataset, so data gets into
     * a ring from where it lives without passing through the caller. (A PUT with a body is an
     * upload, streamed by {@link DatasetUploadHandler}.)
     */
    void putFromUrl(Call c) throws IOException {
        String name = validName(c.param("name"));
        String url = c.query("url");
        if (url == null) {
            throw new IllegalStateException("an upload with a body is streamed by " + DatasetUploadHandler.class.getSimpleName());
        }
        Split split = split(c.query("splitBytes"), c.query("splitRecords"));
        List<InputObject> objects = api.inputs().list(url);
        if (objects.isEmpty()) {
            c.error(HttpResponseStatus.NOT_FOUND, Urls.shown(url) + " names no object");
            return;
        }
        try (InputStream in = new ObjectsStream(api.inputs(), objects)) {
            c.json(HttpResponseStatus.CREATED, info(put(name, BufferSource.of(in), split, "true".equals(c.query("overwrite")))));
        }
    }

    /**
     * {@code POST /datasets/{name}/export?url=s3://bucket/key}: the node writes the dataset to one
     * S3 object (a URL ending in {@code /} names {@code prefix/NAME}), a part at a time, visible
     * only once whole. An existing object is kept unless {@code overwrite=true}.
     */
    void export(Call c) throws IOException {
        String name = validName(c.param("name"));
        String url = c.query("url");
        if (url == null || !url.startsWith("s3://")) {
            throw new IllegalArgumentException("give the s3://bucket/key to write to as ?url=" + (url == null ? "" : ", got " + Urls.shown(url)));
        }
        DatasetMeta meta = api.datasets().meta(name);
        if (meta == null) {
            c.error(HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'");
            return;
        }
        S3Export export = S3Export.to(url.endsWith("/") ? url + name : url);
        if (export.exists() && !"true".equals(c.query("overwrite"))) {
            c.error(HttpResponseStatus.CONFLICT, Urls.shown(export.url()) + " already exists; give overwrite=true to replace it");
            return;
        }
        export.write(out -> api.datasets().copyTo(meta, out));
        log.info("http: node={} exported dataset={} ({} bytes) to {}", api.ring().self().name(), name, meta.bytes(), Urls.shown(export.url()));
        c.ok(Map.of("dataset", name, "url", Urls.shown(export.url()), "bytes", meta.bytes()));
    }

    /** The dataset's bytes, chunk by chunk, with the length up front; {@code ?lines=N}: its first N lines only. */
    void get(Call c) throws IOException {
        String name = validName(c.param("name"));
        DatasetMeta meta = api.datasets().meta(name);
        if (meta == null) {
            c.error(HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'");
            return;
        }
        if (c.query("lines") != null) {
            long lines = positive("lines", c.query("lines"));
            if (lines > MAX_HEAD_LINES) {
                throw new IllegalArgumentException("lines is at most " + MAX_HEAD_LINES + ", got " + lines);
            }
            Responses.send(c.ctx(), HttpResponseStatus.OK, "text/plain; charset=utf-8", head(meta, (int) lines), c.keepAlive());
            return;
        }
        ChannelHandlerContext ctx = c.ctx();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").set(HttpHeaderNames.CONTENT_LENGTH, meta.bytes());
        ctx.writeAndFlush(head);
        try {
            api.datasets().copyTo(meta, new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    // Waiting for each chunk's flush keeps at most a few chunks in memory.
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b, off, len))).syncUninterruptibly();
                }
            });
            var done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!c.keepAlive()) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (RuntimeException | IOException e) {
            // The status line is gone already: a cut connection is how the client learns of the failure.
            log.warn("http: node={} stopped streaming dataset={}: {}", api.ring().self().name(), name, e.toString());
            ctx.close();
        }
    }

    /**
     * The first {@code lines} lines, read a chunk at a time until they are in (a dashboard's peek at
     * a job's output), cut at {@value #MAX_HEAD_BYTES} bytes so one huge line cannot fill the heap.
     */
    private byte[] head(DatasetMeta meta, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int seen = 0;
        for (int i = 0; i < meta.chunks() && seen < lines && out.size() < MAX_HEAD_BYTES; i++) {
            byte[] chunk = api.datasets().chunk(meta, i);
            int end = 0;
            while (end < chunk.length && seen < lines && out.size() + end < MAX_HEAD_BYTES) {
                if (chunk[end++] == '\n') {
                    seen++;
                }
            }
            out.write(chunk, 0, end);
        }
        return out.toByteArray();
    }

    /** The name, or a 400 naming what is wrong with it. */
    static String validName(String name) {
        return DatasetName.validate(name);
    }

    /** How an upload asks to be split: {@code splitBytes} or {@code splitRecords}, or the default. */
    static Split split(String bytes, String records) {
        if (bytes != null && records != null) {
            throw new IllegalArgumentException("give splitBytes or splitRecords, not both");
        }
        if (records != null) {
            return Split.records(positive("splitRecords", records));
        }
        return bytes != null ? Split.bytes(positive("splitBytes", bytes)) : Split.DEFAULT;
    }

    private static long positive(String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }
}
