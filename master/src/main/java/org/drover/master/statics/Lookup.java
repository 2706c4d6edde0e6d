package org.drover.master.statics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.StaticFiles;
import org.eclipse.jetty.http.MimeTypes;

/**
 * Finds the file a request names, as uWSGI's {@code static-map} does: the maps are tried in
 * order, each a raw string prefix of the decoded path; what follows the prefix is a path under the
 * map's directory (a map to a file serves that file); a directory serves its first
 * {@code static-index} file, never a listing; a path with no file falls through to the next map,
 * then to the apps. Only GET and HEAD are served. Nothing outside the directory is: a {@code ..}
 * segment, an encoded slash, backslash or NUL, or a file whose real path (symlinks followed) is
 * neither under the directory nor under a {@code static-safe} one, falls through with a security
 * warning.
 *
 * <p>What a path resolves to (its real path, its variants, or no file) is kept for a second, as
 * nginx's {@code open_file_cache_valid} does: resolving takes a dozen system calls, and on Java
 * 17 every file that is not there (a missing {@code .br}, say) costs an exception. A file changed
 * in place is seen at once (its attributes are read for each answer); a file added, removed or
 * re-linked, within a second.
 */
final class Lookup {

    /** What became of a request. */
    sealed interface Result permits Found, Pass {}

    /**
     * A file to serve.
     *
     * @param file the file the request names, its real path (which the Expires and Cache-Control
     *     rules match, and its type comes from)
     * @param served that file or its precompressed variant
     * @param encoding {@code gzip} or {@code br} for a variant, else null
     * @param variants whether the file has a precompressed variant, so the answer varies with
     *     {@code Accept-Encoding}
     * @param type its Content-Type, by its extension
     * @param expiresSeconds the first matching {@code static-expires} rule's, or null
     * @param cacheControl the first matching {@code static-cache-control} rule's, or null
     */
    record Found(
            Path file,
            Path served,
            String encoding,
            boolean variants,
            String type,
            Long expiresSeconds,
            String cacheControl)
            implements Result {}

    /** Not for the static files: to the apps, with a security warning to log, or null. */
    record Pass(String warning) implements Result {}

    private static final Pass PASS = new Pass(null);
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int CACHE_ENTRIES = 4096;

    private static final MimeTypes MIME = new MimeTypes();

    /**
     * What a map's path resolved to: a file, its variants and what the rules say of it; a
     * warning; or nothing (file and warning null).
     */
    private record Resolved(
            Path file,
            Path br,
            Path gz,
            String type,
            Long expiresSeconds,
            String cacheControl,
            String warning,
            long at) {

        static Resolved nothing(long at) {
            return new Resolved(null, null, null, null, null, null, null, at);
        }
    }

    private final ConcurrentHashMap<String, Resolved> cache = new ConcurrentHashMap<>();
    private final StaticFiles config;
    /** The real path of each map's target, or null where it cannot be resolved now. */
    private final List<Path> roots = new ArrayList<>();

    Lookup(StaticFiles config) {
        this.config = config;
        for (StaticFiles.Mapping map : config.maps()) {
            roots.add(realPath(map.target()));
        }
    }

    Result find(String method, String uri, String acceptEncoding) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return PASS;
        }
        int query = uri.indexOf('?');
        String raw = query < 0 ? uri : uri.substring(0, query);
        String path = decode(raw);
        if (path == null) {
            return PASS; // not a path a file could have: for the apps to answer
        }
        for (int i = 0; i < config.maps().size(); i++) {
            StaticFiles.Mapping map = config.maps().get(i);
            if (!path.startsWith(map.prefix())) {
                continue;
            }
            String unsafe = unsafe(raw, path);
            if (unsafe != null) {
                return new Pass(unsafe);
            }
            String rest = path.substring(map.prefix().length());
            String key = i + "\0" + rest;
            long now = System.nanoTime();
            Resolved resolved = cache.get(key);
            if (resolved == null || now - resolved.at() > CACHE_NANOS) {
                resolved = resolve(i, map, rest, now);
                if (cache.size() >= CACHE_ENTRIES) {
                    cache.clear();
                }
                cache.put(key, resolved);
            }
            if (resolved.warning() != null) {
                return new Pass(resolved.warning());
            }
            if (resolved.file() != null) {
                return found(resolved, acceptEncoding);
            }
        }
        return PASS;
    }

    private Resolved resolve(int i, StaticFiles.Mapping map, String rest, long now) {
        Path root = roots.get(i) != null ? roots.get(i) : realPath(map.target());
        if (root == null) {
            return Resolved.nothing(now); // the map's target is gone
        }
        Path candidate;
        try {
            candidate = map.file() ? root : root.resolve(rest.replaceFirst("^/+", ""));
        } catch (InvalidPathException e) {
            return Resolved.nothing(now);
        }
        Path file = realPath(candidate);
        if (file == null) {
            return Resolved.nothing(now);
        }
        if (!inside(file, root)) {
            return new Resolved(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "it resolves to " + file + ", outside " + root + " and every static-safe directory",
                    now);
        }
        if (Files.isDirectory(file)) {
            file = index(file, root);
            if (file == null) {
                return Resolved.nothing(now); // no index file: no listing, ever
            }
        }
        if (!Files.isRegularFile(file)) {
            return Resolved.nothing(now);
        }
        String type = MIME.getMimeByExtension(file.getFileName().toString());
        String name = file.toString();
        return new Resolved(
                file,
                config.precompressed() ? variant(file, ".br", root) : null,
                config.precompressed() ? variant(file, ".gz", root) : null,
                type == null ? "application/octet-stream" : type,
                first(config.expires(), name),
                first(config.cacheControl(), name),
                null,
                now);
    }

    /** The value of the first rule whose pattern the resolved file name matches, or null. */
    private static <T> T first(List<StaticFiles.Rule<T>> rules, String name) {
        for (StaticFiles.Rule<T> rule : rules) {
            if (rule.pattern().matcher(name).find()) {
                return rule.value();
            }
        }
        return null;
    }

    private static Found found(Resolved resolved, String acceptEncoding) {
        boolean variants = resolved.br() != null || resolved.gz() != null;
        Path served = resolved.file();
        String encoding = null;
        if (resolved.br() != null && accepts(acceptEncoding, "br")) {
            served = resolved.br();
            encoding = "br";
        } else if (resolved.gz() != null && accepts(acceptEncoding, "gzip")) {
            served = resolved.gz();
            encoding = "gzip";
        }
        return new Found(
                resolved.file(),
                served,
                encoding,
                variants,
                resolved.type(),
                resolved.expiresSeconds(),
                resolved.cacheControl());
    }

    private Path variant(Path file, String suffix, Path root) {
        Path variant = realPath(file.resolveSibling(file.getFileName() + suffix));
        return variant != null && Files.isRegularFile(variant) && inside(variant, root) ? variant : null;
    }

    private Path index(Path directory, Path root) {
        for (String name : config.index()) {
            Path file = realPath(directory.resolve(name));
            if (file != null && Files.isRegularFile(file) && inside(file, root)) {
                return file;
            }
        }
        return null;
    }

    private boolean inside(Path file, Path root) {
        if (file.startsWith(root)) {
            return true;
        }
        for (Path safe : config.safe()) {
            if (file.startsWith(safe)) {
                return true;
            }
        }
        return false;
    }

    /** Why this path may not name a file under a map, or null. */
    private static String unsafe(String raw, String path) {
        if (raw.indexOf('%') >= 0) {
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.contains("%2f") || lower.contains("%5c")) {
                return "an encoded slash or a backslash";
            }
        }
        if (path.indexOf('\\') >= 0) {
            return "an encoded slash or a backslash";
        }
        if (path.indexOf('\0') >= 0) {
            return "a NUL byte";
        }
        if (path.contains("..")) {
            for (String segment : path.split("/", -1)) {
                if (segment.equals("..")) {
                    return raw.contains("..") ? "a '..' segment" : "an encoded '..' segment";
                }
            }
        }
        return null;
    }

    /** Whether {@code Accept-Encoding} takes this coding: named (or {@code *}) with a q above 0. */
    static boolean accepts(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            String name = fields[0].strip().toLowerCase(Locale.ROOT);
            boolean positive = true;
            for (int i = 1; i < fields.length; i++) {
                String parameter = fields[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        positive = Double.parseDouble(parameter.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        positive = false;
                    }
                }
            }
            if (name.equals(coding)) {
                return positive;
            }
            if (name.equals("*")) {
                star = positive;
            }
        }
        return star != null && star;
    }

    /** The path percent-decoded as UTF-8, or null if it is not well formed. */
    static String decode(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return null;
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return null; // a raw path is ASCII
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
