package org.drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worker's command line, as the master writes it; a bad one is a bug in the master, named exactly. */
class WorkerArgsTest {

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(args))
                .getMessage();
    }

    @Test
    void everyOptionIsRead() {
        WorkerArgs args = WorkerArgs.parse(new String[] {
            "--socket",
            "/run/d/s",
            "--index",
            "2",
            "--threads",
            "4",
            "--app",
            "a.jar",
            "--app",
            "b.jar",
            "--module",
            "HelloApp",
            "--mount",
            "/billing=BillingApp",
            "--dir-app",
            "shop@/shop=apps/shop.jar",
            "--set",
            "hello.sleep=0.5",
            "--set",
            "empty="
        });

        assertEquals(Path.of("/run/d/s"), args.socket());
        assertEquals(2, args.index());
        assertEquals(4, args.threads());
        assertEquals(List.of(Path.of("a.jar"), Path.of("b.jar")), args.apps());
        assertEquals(Optional.of("HelloApp"), args.module());
        assertEquals(Map.of("/billing", "BillingApp"), args.mounts());
        assertEquals(List.of(new WorkerArgs.DirApp("shop", "/shop", Path.of("apps/shop.jar"))), args.dirApps());
        assertEquals(Map.of("hello.sleep", "0.5", "empty", ""), args.set());
    }

    @Test
    void defaultsAreOneThreadAndNoModule() {
        WorkerArgs args = WorkerArgs.parse(new String[] {"--socket", "s"});

        assertEquals(1, args.threads());
        assertEquals(0, args.index());
        assertEquals(Optional.empty(), args.module());
        assertEquals(List.of(), args.apps());
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertEquals("worker option --app needs a value", error("--socket", "s", "--app"));
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertEquals("unknown worker option --processes", error("--socket", "s", "--processes", "2"));
    }

    @Test
    void theSocketIsRequired() {
        assertEquals("worker needs --socket", error("--threads", "2"));
    }

    @Test
    void threadsMustBePositive() {
        assertEquals("worker --threads must be >= 1, got 0", error("--socket", "s", "--threads", "0"));
    }

    @ParameterizedTest
    @CsvSource({"--index, two", "--threads, 4x", "--threads, ''", "--index, 99999999999"})
    void aNumberThatIsNotOneIsNamedWithItsValue(String option, String value) {
        assertEquals(
                "worker " + option + " needs a number, got '" + value + "'", error("--socket", "s", option, value));
    }

    @ParameterizedTest
    @CsvSource({"BillingApp", "=BillingApp", "''"})
    void aMountNeedsAPrefixAndAnApp(String value) {
        assertEquals("worker --mount needs /prefix=App, got '" + value + "'", error("--socket", "s", "--mount", value));
    }

    @ParameterizedTest
    @CsvSource({"shop/shop=x.jar", "@/shop=x.jar", "shop@=x.jar", "shop@/shop"})
    void aDirAppNeedsANameAPrefixAndAJar(String value) {
        assertEquals(
                "worker --dir-app needs name@/prefix=jar, got '" + value + "'",
                error("--socket", "s", "--dir-app", value));
    }

    @ParameterizedTest
    @CsvSource({"novalue", "=value"})
    void aSetNeedsAName(String value) {
        assertEquals("worker --set needs name=value, got '" + value + "'", error("--socket", "s", "--set", value));
    }
}
