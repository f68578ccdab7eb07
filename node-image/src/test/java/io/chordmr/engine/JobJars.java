package io.chordmr.engine;

import io.chordmr.api.Mapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A user's job jar, compiled in the test against the API jar alone, as a job author builds one. */
public final class JobJars {

    private JobJars() {
    }

    /** Compiles {@code sources} (class name → source) into {@code dir/name.jar}. */
    public static Path build(Path dir, String name, Map<String, String> sources) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        List<String> args = new ArrayList<>();
        String apiJar = Path.of(Mapper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        args.addAll(List.of("-cp", apiJar, "-d", classes.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test's job sources do not compile");
        }
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
