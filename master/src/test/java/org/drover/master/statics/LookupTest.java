package org.drover.master.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drover.master.config.StaticFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file a request names, on a real directory tree with symlinks. */
class LookupTest {

    @TempDir
    Path dir;

    private Path www;

    @BeforeEach
    void files() throws IOException {
        www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("a.css"), "a");
        Files.writeString(www.resolve("a.css.gz"), "gz");
        Files.createDirectories(www.resolve("sub"));
        Files.writeString(www.resolve("sub/index.html"), "i");
        Files.writeString(dir.resolve("secret"), "s");
        Files.createSymbolicLink(www.resolve("out"), dir.resolve("secret"));
    }

    private Lookup lookup(boolean precompressed, Path... safe) {
        return new Lookup(new StaticFiles(
                List.of(new StaticFiles.Mapping("/s", www, false)),
                List.of("index.html"),
                List.of(safe),
                List.of(),
                List.of(),
                precompressed));
    }

    private static Path served(Lookup.Result result) {
        return result instanceof Lookup.Found found ? found.served().getFileName() : null;
    }

    private static String warning(Lookup.Result result) {
        return result instanceof Lookup.Pass pass ? pass.warning() : "found";
    }

    @Test
    void rawPrefixesAsUwsgiMatchesThem() throws IOException {
        Lookup lookup = lookup(false);
        assertEquals(Path.of("a.css"), served(lookup.find("GET", "/s/a.css?v=1", null)));
        assertEquals(Path.of("a.css"), served(lookup.find("GET", "/sa.css", null)), "uWSGI's raw prefix");
        assertEquals(Path.of("index.html"), served(lookup.find("HEAD", "/s/sub", null)));
        assertEquals(Path.of("a.css"), served(lookup.find("GET", "/s/%61.css", null)), "decoded before matching");
        assertNull(served(lookup.find("POST", "/s/a.css", null)));
        assertNull(served(lookup.find("GET", "/s/none", null)));
        assertNull(served(lookup.find("GET", "/other/a.css", null)));
    }

    @Test
    void nothingOutsideTheDirectoryUnlessSafe() throws IOException {
        Lookup lookup = lookup(false);
        assertEquals("a '..' segment", warning(lookup.find("GET", "/s/../secret", null)));
        assertEquals("an encoded '..' segment", warning(lookup.find("GET", "/s/%2e%2e/secret", null)));
        assertEquals("an encoded slash or a backslash", warning(lookup.find("GET", "/s/..%2Fsecret", null)));
        assertEquals("an encoded slash or a backslash", warning(lookup.find("GET", "/s/..%5csecret", null)));
        assertEquals("a NUL byte", warning(lookup.find("GET", "/s/a.css%00.png", null)));
        assertTrue(warning(lookup.find("GET", "/s/out", null)).startsWith("it resolves to "), "a symlink out");
        assertNull(warning(lookup.find("GET", "/s/%zz", null)), "not a path: for the apps, no warning");
        assertEquals(Path.of("secret"), served(lookup(false, dir.toRealPath()).find("GET", "/s/out", null)));
    }

    @Test
    void aPrecompressedVariantByAcceptEncoding() {
        Lookup lookup = lookup(true);
        Lookup.Found gzip = (Lookup.Found) lookup.find("GET", "/s/a.css", "br, gzip");
        assertEquals("gzip", gzip.encoding());
        assertEquals(Path.of("a.css.gz"), gzip.served().getFileName());
        Lookup.Found identity = (Lookup.Found) lookup.find("GET", "/s/a.css", "gzip;q=0, br");
        assertNull(identity.encoding());
        assertTrue(identity.variants(), "Vary all the same");
        assertFalse(((Lookup.Found) lookup(false).find("GET", "/s/a.css", "gzip")).variants(), "off: no variants");
        assertTrue(Lookup.accepts("*", "gzip"));
        assertFalse(Lookup.accepts("*, gzip;q=0", "gzip"));
        assertFalse(Lookup.accepts(null, "gzip"));
    }
}
