package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's input: inline {@code lines}, a stored {@code dataset}, or files at {@code url} (or
 * {@code urls}); exactly one. A URL is an {@code http://} or {@code https://} file, or an
 * {@code s3://bucket/key}, a prefix ending in {@code /}, or a glob; a {@code .gz} file is read
 * whole and decompressed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InputSpec {

    @JsonPropertyDescription("Input lines given in the manifest itself.")
    private List<String> lines;

    @JsonPropertyDescription("Name of a stored dataset.")
    private String dataset;

    @JsonPropertyDescription("What to read: an http(s):// file, or s3://bucket/key, s3://bucket/prefix/ or s3://bucket/glob-*.txt.")
    private String url;

    @JsonPropertyDescription("Several such URLs, read in this order.")
    private List<String> urls;

    public List<String> getLines() {
        return lines;
    }

    public void setLines(List<String> lines) {
        this.lines = lines;
    }

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getUrls() {
        return urls;
    }

    public void setUrls(List<String> urls) {
        this.urls = urls;
    }

    /** Every URL the input names, {@code url} first; empty for lines or a dataset. */
    public List<String> allUrls() {
        List<String> out = new ArrayList<>();
        if (url != null) {
            out.add(url);
        }
        if (urls != null) {
            out.addAll(urls);
        }
        return out;
    }
}
