package io.chordmr.engine.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/** Every kind of URL input, chosen by the URL's scheme: {@code http(s)://} and {@code s3://}. */
public final class InputSources implements ObjectSource {

    private final Supplier<ObjectSource> http;
    private final Supplier<ObjectSource> s3;

    /** Each kind is made when the first URL of its kind comes: a node that never reads S3 never loads the AWS SDK. */
    public InputSources() {
        this(once(HttpSource::new), once(S3Source::new));
    }

    InputSources(Supplier<ObjectSource> http, Supplier<ObjectSource> s3) {
        this.http = http;
        this.s3 = s3;
    }

    private static Supplier<ObjectSource> once(Supplier<ObjectSource> make) {
        return new Supplier<>() {
            private ObjectSource made;

            @Override
            public synchronized ObjectSource get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    @Override
    public List<InputObject> list(String url) throws IOException {
        return of(url).list(url);
    }

    @Override
    public InputStream open(String url, long start) throws IOException {
        return of(url).open(url, start);
    }

    private ObjectSource of(String url) throws IOException {
        if (url.startsWith("s3://")) {
            return s3.get();
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return http.get();
        }
        throw UrlException.badUrl(url, "only http://, https:// and s3:// URLs can be read", null);
    }
}
