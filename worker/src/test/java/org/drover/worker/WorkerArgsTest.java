package org.drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drover.wire.MountTable;
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
            "--jar",
            "0=a.jar",
            "--jar",
            "0=b.jar",
            "--jar",
            "1=apps/shop.jar",
            "--jar",
            "2=apps-1/admin",
            "--mount",
            "/=HelloApp=com.example.HelloApp=0",
            "--mount",
            "/shop=shop=com.example.Shop=1",
            "--webapp",
            "/ops/admin=admin=2",
            "--set",
            "hello.sleep=0.5",
            "--set",
            "empty="
        });

        assertEquals(Path.of("/run/d/s"), args.socket());
        assertEquals(2, args.index());
        assertEquals(4, args.threads());
        assertEquals(
                new MountTable(
                        List.of(
                                List.of(Path.of("a.jar"), Path.of("b.jar")),
                                List.of(Path.of("apps/shop.jar")),
                                List.of(Path.of("apps-1/admin"))),
                        List.of(
                                new MountTable.Mount("", "HelloApp", "com.example.HelloApp", 0),
                                new MountTable.Mount("/shop", "shop", "com.example.Shop", 1),
                                MountTable.Mount.webapp("/ops/admin", "admin", 2))),
                args.mounts());
        assertEquals(Map.of("hello.sleep", "0.5", "empty", ""), args.set());
    }

    @Test
    void defaultsAreOneThreadAndNoApp() {
        WorkerArgs args = WorkerArgs.parse(new String[] {"--socket", "s"});

        assertEquals(1, args.threads());
        assertEquals(0, args.index());
        assertEquals(MountTable.EMPTY, args.mounts());
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertEquals("worker option --jar needs a value", error("--socket", "s", "--jar"));
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
    @CsvSource({"BillingApp", "/b=BillingApp", "/b=Billing=p.Billing", "''"})
    void aMountNeedsAPrefixANameATypeAndALoader(String value) {
        assertEquals(
                "worker --mount needs PREFIX=NAME=TYPE=N, got '" + value + "'",
                error("--socket", "s", "--jar", "0=a.jar", "--mount", value));
    }

    @Test
    void aMountOfALoaderThatIsNotThereIsNamed() {
        assertEquals(
                "worker mount /b names class loader 1, but there are 1",
                error("--socket", "s", "--jar", "0=a.jar", "--mount", "/b=B=p.B=1"));
    }

    @ParameterizedTest
    @CsvSource({"novalue", "=value"})
    void aSetNeedsAName(String value) {
        assertEquals("worker --set needs name=value, got '" + value + "'", error("--socket", "s", "--set", value));
    }
}
