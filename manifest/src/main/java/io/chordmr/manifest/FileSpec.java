package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A file shipped with a job (Hadoop's distributed cache, Spark's {@code --files}): a stored
 * {@code dataset}, a {@code url}, or, for {@code chordmr local} and {@code chordmr submit}, a
 * local {@code path} the command line stores first. Every task finds it under {@code name}
 * (default: the dataset's name or the last segment of the URL or path): streaming commands in
 * their working directory, Java code through {@code TaskContext.file(name)}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileSpec {

    @JsonPropertyDescription("A stored dataset holding the file.")
    private String dataset;

    @JsonPropertyDescription("An http(s):// or s3:// URL of the file.")
    private String url;

    @JsonPropertyDescription("A local file, relative to the manifest; chordmr local and chordmr submit store it first.")
    private String path;

    @JsonPropertyDescription("The name tasks find it under; default the last segment of the dataset, URL or path.")
    private String name;

    public static FileSpec ofDataset(String dataset, String name) {
        FileSpec f = new FileSpec();
        f.setDataset(dataset);
        f.setName(name);
        return f;
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

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The name tasks find the file under. */
    public String localName() {
        if (name != null) {
            return name;
        }
        String from = dataset != null ? dataset : url != null ? url : path;
        if (from == null) {
            return null;
        }
        int q = from.indexOf('?');
        String s = q < 0 ? from : from.substring(0, q);
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
