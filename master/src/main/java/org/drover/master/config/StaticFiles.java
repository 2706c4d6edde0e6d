package org.drover.master.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The static files the master serves itself, from uWSGI's {@code static-*} options.
 *
 * @param maps tried in order, each a raw string prefix of the request path
 * @param index the file names served for a directory, in order
 * @param safe directories a file may resolve into through a symlink, real paths
 * @param expires {@code Expires} this many seconds ahead for a resolved file name that matches
 * @param cacheControl a {@code Cache-Control} value for a resolved file name that matches
 * @param precompressed whether {@code FILE.br} and {@code FILE.gz} are served when accepted
 */
public record StaticFiles(
        List<Mapping> maps,
        List<String> index,
        List<Path> safe,
        List<Rule<Long>> expires,
        List<Rule<String>> cacheControl,
        boolean precompressed) {

    public StaticFiles {
        maps = List.copyOf(maps);
        index = List.copyOf(index);
        safe = List.copyOf(safe);
        expires = List.copyOf(expires);
        cacheControl = List.copyOf(cacheControl);
    }

    /** Whether any map is given: without one the master serves no file. */
    public boolean on() {
        return !maps.isEmpty();
    }

    /** {@code /PREFIX=DIR}: a directory, or a single file served for every path under the prefix. */
    public record Mapping(String prefix, Path target, boolean file) {}

    /** A regular expression on the resolved file name, and what it sets. */
    public record Rule<T>(Pattern pattern, T value) {}
}
