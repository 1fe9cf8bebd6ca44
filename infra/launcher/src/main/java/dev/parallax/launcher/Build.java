package dev.parallax.launcher;

import dev.parallax.config.ParallaxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The classpaths the services run on, from one build. A versioned build lives in {@code $PARALLAX_HOME/builds/<id>}
 * (see {@link Builds}), where no rebuild reaches it; without one (the launcher run from an IDE) the services run
 * on the launcher's own classpath and there is no UI.
 *
 * @param id  the build's id, as {@code ./parallax status} shows it
 * @param dir its folder, or null for the launcher's own classpath
 */
record Build(String id, Path dir) {

    /** The configuration key naming the build folder the stack runs from; {@code ./parallax} sets it. */
    static final String KEY = "build";
    private static final String UNVERSIONED = "unversioned";

    /** Which classpath of a build a service runs on. */
    enum Part {
        /** Every service module (the launcher's own classpath). */
        SERVICES,
        /** The UI, which brings Spring Boot and its logging: its jar (only the jar carries Vaadin's production-mode build info). */
        UI,
        /** The insights service and its tools (report, gate): Spring Boot without the UI's web front. */
        INSIGHTS;

        String fileName() {
            return name().toLowerCase(Locale.ROOT) + ".classpath";
        }
    }

    /** The build the configuration names, or the launcher's own classpath. */
    static Build of(ParallaxConfig config) {
        return config.find(KEY).map(Path::of).map(Build::in).orElse(new Build(UNVERSIONED, null));
    }

    static Build in(Path dir) {
        return new Build(dir.getFileName().toString(), dir);
    }

    /** The classpath of {@code part}, if this build has one. */
    Optional<String> classpath(Part part) {
        if (dir == null) {
            return part == Part.SERVICES ? Optional.of(System.getProperty("java.class.path")) : Optional.empty();
        }
        Path file = dir.resolve(part.fileName());
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
