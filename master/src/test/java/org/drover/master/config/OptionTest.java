package org.drover.master.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionTest {

    @Test
    void namesTheEnvironmentVariableAfterTheKey() {
        assertEquals("DROVER_PROCESSES", Option.PROCESSES.envName());
        assertEquals("DROVER_POST_BUFFERING", Option.POST_BUFFERING.envName());
    }

    @Test
    void findsOptionsByKeyAndLongAlias() {
        assertEquals(Optional.of(Option.PROCESSES), Option.named("processes"));
        assertEquals(Optional.of(Option.PROCESSES), Option.named("workers"));
        assertEquals(Optional.empty(), Option.named("p"));
        assertEquals(Optional.empty(), Option.named("procesess"));
        assertEquals(List.of("--processes", "--workers", "-p"), Option.PROCESSES.names());
    }

    @Test
    void everyDefaultIsAValidValue() {
        new ConfigDraft(); // applies every default, throwing if one does not parse
    }

    /** The reference page lists every option as a table row starting with its name, aliases and default. */
    @Test
    void theReferencePageListsEveryOption() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("..", "docs", "options.md"));
        for (Option option : Option.values()) {
            String start = "| `" + option.names().get(0) + "` | "
                    + String.join(
                            ", ",
                            option.aliasNames().stream()
                                    .map(name -> "`" + name + "`")
                                    .toList())
                    + " | " + "`" + option.defaultText() + "` |";
            assertTrue(
                    rows.stream()
                            .anyMatch(row -> row.startsWith(start) && row.endsWith("| `" + option.envName() + "` |")),
                    "docs/options.md has no row starting with " + start + " and ending with " + option.envName());
        }
    }
}
