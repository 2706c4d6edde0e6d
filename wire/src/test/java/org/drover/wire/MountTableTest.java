package org.drover.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private static final MountTable TABLE = new MountTable(
            List.of(List.of(Path.of("/g/a.jar"), Path.of("/g/b.jar")), List.of(Path.of("/d/billing.jar"))),
            List.of(
                    new MountTable.Mount("", "Hello", "com.example.Hello", 0),
                    new MountTable.Mount("/billing", "billing", "com.example.Billing", 1),
                    new MountTable.Mount("/billing/admin", "Admin", "com.example.Admin", 0)));

    private static String at(String path) {
        return TABLE.match(path).map(MountTable.Mount::name).orElse("-");
    }

    @Test
    void theLongestCoveringPrefixWins() {
        assertEquals("Admin", at("/billing/admin/users"));
        assertEquals("Admin", at("/billing/admin"));
        assertEquals("billing", at("/billing"));
        assertEquals("billing", at("/billing/x"));
        assertEquals("Hello", at("/billingx"), "a prefix covers whole segments only");
        assertEquals("Hello", at("/"));
    }

    @Test
    void withoutARootAPathNoMountCoversHasNoApp() {
        MountTable table =
                new MountTable(List.of(List.of(Path.of("x.jar"))), List.of(new MountTable.Mount("/a", "A", "p.A", 0)));
        assertEquals(Optional.empty(), table.match("/b"));
        assertEquals(Optional.empty(), MountTable.EMPTY.match("/"));
    }

    @Test
    void theCommandLineFormRoundTrips() {
        List<String> args = TABLE.toArgs();
        assertEquals(
                List.of(
                        "--jar",
                        "0=/g/a.jar",
                        "--jar",
                        "0=/g/b.jar",
                        "--jar",
                        "1=/d/billing.jar",
                        "--mount",
                        "/billing/admin=Admin=com.example.Admin=0",
                        "--mount",
                        "/billing=billing=com.example.Billing=1",
                        "--mount",
                        "/=Hello=com.example.Hello=0"),
                args);
        List<String> jars = new java.util.ArrayList<>();
        List<String> mounts = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            (args.get(i).equals("--jar") ? jars : mounts).add(args.get(i + 1));
        }
        assertEquals(TABLE, MountTable.fromArgs(jars, mounts));
    }

    @Test
    void webappsTravelWithTheirDirectoryAsTheirLoader() {
        MountTable table = new MountTable(
                List.of(List.of(Path.of("/g/hello.jar")), List.of(Path.of("/gen/apps-1/billing"))),
                List.of(
                        new MountTable.Mount("", "Hello", "p.Hello", 0),
                        MountTable.Mount.webapp("/billing", "billing", 1)));
        List<String> args = table.toArgs();
        assertEquals(
                List.of(
                        "--jar",
                        "0=/g/hello.jar",
                        "--jar",
                        "1=/gen/apps-1/billing",
                        "--webapp",
                        "/billing=billing=1",
                        "--mount",
                        "/=Hello=p.Hello=0"),
                args);
        assertEquals(
                table,
                MountTable.fromArgs(
                        List.of("0=/g/hello.jar", "1=/gen/apps-1/billing"),
                        List.of("/=Hello=p.Hello=0"),
                        List.of("/billing=billing=1")));
        assertEquals(
                MountTable.Kind.WEBAPP, table.match("/billing/x").orElseThrow().kind());
        assertEquals(
                "--webapp needs PREFIX=NAME=N, got '/x=x'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MountTable.fromArgs(List.of(), List.of(), List.of("/x=x")))
                        .getMessage());
    }

    @Test
    void aJarPathMayHoldEqualsSigns() {
        MountTable table = MountTable.fromArgs(List.of("0=/odd=dir/app.jar"), List.of("/=App=p.App=0"));
        assertEquals(Path.of("/odd=dir/app.jar"), table.loaders().get(0).get(0));
    }

    @Test
    void malformedValuesAreNamed() {
        assertEquals(
                "--mount needs PREFIX=NAME=TYPE=N, got '/x=App'",
                assertThrows(IllegalArgumentException.class, () -> MountTable.fromArgs(List.of(), List.of("/x=App")))
                        .getMessage());
        assertEquals(
                "--jar N=PATH needs a class loader number, got 'a.jar'",
                assertThrows(IllegalArgumentException.class, () -> MountTable.fromArgs(List.of("a.jar"), List.of()))
                        .getMessage());
        assertEquals(
                "mount /x names class loader 3, but there are 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MountTable.fromArgs(List.of(), List.of("/x=X=p.X=3")))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> MountTable.fromArgs(List.of("0=a.jar"), List.of("/=A=p.A=0", "/=B=p.B=0")),
                "two apps at the root");
        assertThrows(IllegalArgumentException.class, () -> new MountTable.Mount("/x/", "X", "p.X", 0));
    }
}
