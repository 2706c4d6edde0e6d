package org.drover.master.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDroverSectionSkippingCommentsAndOtherSections() throws IOException {
        Path ini = write(
                "app.ini",
                "# a comment",
                "[uwsgi]",
                "processes = 9",
                "[drover]",
                "; another comment",
                "",
                "  processes = 3  ",
                "app = a.jar",
                "app = b.jar",
                "set = hello.sleep=10",
                "disable-logging = true",
                "[other]",
                "threads = 9");

        assertEquals(
                List.of(
                        Setting.inIniFile(Option.PROCESSES, "processes", "3", ini, 7),
                        Setting.inIniFile(Option.APP, "app", "a.jar", ini, 8),
                        Setting.inIniFile(Option.APP, "app", "b.jar", ini, 9),
                        Setting.inIniFile(Option.SET, "set", "hello.sleep=10", ini, 10),
                        Setting.inIniFile(Option.DISABLE_LOGGING, "disable-logging", "true", ini, 11)),
                IniFile.read(ini));
    }

    @Test
    void anAppSectionSetsTheAppsOwnOptions() throws IOException {
        Path ini = write(
                "apps.ini",
                "[app:billing]",
                "db-url = jdbc:postgresql://db/billing",
                "[drover]",
                "http = :8000",
                "[app:shop]",
                "greeting = hi %n");

        assertEquals(
                List.of(
                        Setting.inIniFile(Option.SET, "set", "billing.db-url=jdbc:postgresql://db/billing", ini, 2),
                        Setting.inIniFile(Option.HTTP, "http", ":8000", ini, 4),
                        Setting.inIniFile(Option.SET, "set", "shop.greeting=hi apps", ini, 6)),
                IniFile.read(ini));
        assertError(
                "expected '[app:NAME] with a name of letters, digits, '.', '_' or '-'', got '[app:a b]' (in "
                        + write("bad.ini", "[drover]", "[app:a b]") + " line 2)",
                dir.resolve("bad.ini"));
    }

    @Test
    void aLogFormatKeepsItsOwnVariablesAndExpandsTheRest() throws IOException {
        Path ini = write("log.ini", "[drover]", "http = :8000", "log-format = %(addr) %(status) on %(http)");

        assertEquals(
                Setting.inIniFile(Option.LOG_FORMAT, "log-format", "%(addr) %(status) on :8000", ini, 3),
                IniFile.read(ini).get(1));
    }

    @Test
    void skipsAByteOrderMark() throws IOException {
        Path ini = write("app.ini", "\uFEFF[drover]", "threads = 2");

        assertEquals(List.of(Setting.inIniFile(Option.THREADS, "threads", "2", ini, 2)), IniFile.read(ini));
    }

    @Test
    void acceptsAliasesAndNamesThemInErrors() throws IOException {
        Path ini = write("app.ini", "[drover]", "workers = 3");

        assertEquals(List.of(Setting.inIniFile(Option.PROCESSES, "workers", "3", ini, 2)), IniFile.read(ini));
    }

    @Test
    void expandsPlaceholders() throws IOException {
        Path ini = write(
                "hello.ini",
                "[drover]",
                "chdir = %d",
                "app = %dlib/%n.jar",
                "processes = 4",
                "threads = %(processes)",
                "set = greeting=100%% %(workers) in %(chdir)");

        List<String> values = IniFile.read(ini).stream().map(Setting::value).toList();

        String directory = dir + File.separator;
        assertEquals(
                List.of(directory, directory + "lib/hello.jar", "4", "4", "greeting=100% 4 in " + directory), values);
    }

    @Test
    void placeholderTakesTheLastValueGivenEarlier() throws IOException {
        Path ini = write("app.ini", "[drover]", "threads = 2", "threads = 3", "listen = %(threads)", "threads = 4");

        assertEquals("3", IniFile.read(ini).get(2).value());
    }

    @Test
    void reportsAPlaceholderNamingNoEarlierOption() throws IOException {
        Path ini = write("app.ini", "[drover]", "threads = %(processes)", "processes = 2");

        assertError(
                "threads: %(processes) names no option given earlier in this file " + "(option threads in " + ini
                        + " line 2)",
                ini);
    }

    @Test
    void reportsAnUnknownPlaceholder() throws IOException {
        Path ini = write("app.ini", "[drover]", "jvm-opt = -Xlog:gc:file=gc-%p.log");

        assertError(
                "jvm-opt: unknown placeholder %p in '-Xlog:gc:file=gc-%p.log'; use %(name), %d, %n, "
                        + "or %% for a percent sign (option jvm-opt in " + ini + " line 2)",
                ini);
    }

    @Test
    void reportsAnUnclosedPlaceholder() throws IOException {
        Path ini = write("app.ini", "[drover]", "threads = %(processes");

        assertError("threads: unclosed placeholder in '%(processes' (option threads in " + ini + " line 2)", ini);
    }

    @Test
    void reportsAnUnknownOption() throws IOException {
        Path ini = write("app.ini", "[drover]", "processes = 2", "procesess = 3");

        assertError("unknown option 'procesess' (in " + ini + " line 3)", ini);
    }

    @Test
    void reportsALineWithoutEquals() throws IOException {
        Path ini = write("app.ini", "[drover]", "master");

        assertError("expected 'name = value', got 'master' (in " + ini + " line 2)", ini);
    }

    @Test
    void reportsABadSectionLine() throws IOException {
        Path ini = write("app.ini", "[drover");

        assertError("expected '[section]', got '[drover' (in " + ini + " line 1)", ini);
    }

    @Test
    void reportsAFileWithoutTheSection() throws IOException {
        Path ini = write("uwsgi.ini", "[uwsgi]", "processes = 3");

        assertError("--ini: no [drover] section in " + ini, ini);
    }

    @Test
    void refusesAnIniInsideAnIni() throws IOException {
        Path ini = write("app.ini", "[drover]", "ini = other.ini");

        assertError("ini: an ini file cannot read another one (option ini in " + ini + " line 2)", ini);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static void assertError(String message, Path ini) {
        ConfigException error = assertThrows(ConfigException.class, () -> IniFile.read(ini));
        assertEquals(message, error.getMessage());
    }
}
