package org.drover.master.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code [drover]} section of a uWSGI-style ini file into settings, and the
 * {@code [app:NAME]} sections as {@code set = NAME.key=value}, expanding the
 * placeholders {@code %(name)}, {@code %d}, {@code %n} and {@code %%}.
 */
final class IniFile {

    private static final String SECTION = "drover";
    private static final String APP_SECTION = "app:";

    private final Path file;
    private final Map<Option, String> given = new EnumMap<>(Option.class);

    private IniFile(Path file) {
        this.file = file;
    }

    /** The settings of the section in file order; the file must be absolute and exist. */
    static List<Setting> read(Path file) {
        return new IniFile(file).settings(lines(file));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException("--ini: not a UTF-8 text file: " + file);
        } catch (IOException e) {
            throw new ConfigException("--ini: cannot read " + file + ": " + e);
        }
    }

    private List<Setting> settings(List<String> lines) {
        List<Setting> settings = new ArrayList<>();
        boolean inSection = false;
        boolean sawSection = false;
        String app = null;
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = withoutByteOrderMark(lines.get(index)).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw badLine("[section]", line, number);
                }
                String section = line.substring(1, line.length() - 1).strip();
                inSection = section.equals(SECTION);
                sawSection |= inSection;
                app = section.startsWith(APP_SECTION) ? appName(section, line, number) : null;
            } else if (inSection) {
                settings.add(setting(line, number));
            } else if (app != null) {
                settings.add(appSetting(app, line, number));
            }
        }
        if (!sawSection) {
            throw new ConfigException("--ini: no [" + SECTION + "] section in " + file);
        }
        return settings;
    }

    /** The app of an {@code [app:NAME]} section, whose keys are the app's options. */
    private String appName(String section, String line, int number) {
        String name = section.substring(APP_SECTION.length()).strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw badLine("[app:NAME] with a name of letters, digits, '.', '_' or '-'", line, number);
        }
        return name;
    }

    /** {@code key = value} in {@code [app:NAME]}: the same as {@code set = NAME.key=value}. */
    private Setting appSetting(String app, String line, int number) {
        int equals = line.indexOf('=');
        if (equals < 1) {
            throw badLine("name = value", line, number);
        }
        String key = line.substring(0, equals).strip();
        Setting raw = Setting.inIniFile(
                Option.SET,
                "set",
                app + "." + key + "=" + line.substring(equals + 1).strip(),
                file,
                number);
        return Setting.inIniFile(Option.SET, "set", expand(raw), file, number);
    }

    private static String withoutByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private Setting setting(String line, int number) {
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw badLine("name = value", line, number);
        }
        String key = line.substring(0, equals).strip();
        Option option = Option.named(key)
                .orElseThrow(() ->
                        new ConfigException("unknown option '" + key + "' (in " + file + " line " + number + ")"));
        Setting raw = Setting.inIniFile(option, key, line.substring(equals + 1).strip(), file, number);
        if (option == Option.INI) {
            throw raw.problem("an ini file cannot read another one");
        }
        Setting expanded = Setting.inIniFile(option, key, expand(raw), file, number);
        given.put(option, expanded.value());
        return expanded;
    }

    private ConfigException badLine(String expected, String line, int number) {
        return new ConfigException(
                "expected '" + expected + "', got '" + line + "' (in " + file + " line " + number + ")");
    }

    private String expand(Setting raw) {
        String value = raw.value();
        StringBuilder expanded = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                expanded.append(c);
                continue;
            }
            char next = i + 1 < value.length() ? value.charAt(i + 1) : ' ';
            i++;
            switch (next) {
                case '%' -> expanded.append('%');
                case 'd' -> expanded.append(directory());
                case 'n' -> expanded.append(nameWithoutExtension());
                case '(' -> {
                    int close = value.indexOf(')', i);
                    if (close < 0) {
                        throw raw.problem("unclosed placeholder in '" + value + "'");
                    }
                    String name = value.substring(i + 1, close);
                    if (raw.option() == Option.LOG_FORMAT && ServerConfig.Logging.VARIABLES.contains(name)) {
                        expanded.append("%(").append(name).append(')'); // the log line's own variable
                    } else {
                        expanded.append(earlierValue(name, raw));
                    }
                    i = close;
                }
                default ->
                    throw raw.problem("unknown placeholder " + value.substring(i - 1, Math.min(i + 1, value.length()))
                            + " in '" + value + "'; use %(name), %d, %n, or %% for a percent sign");
            }
        }
        return expanded.toString();
    }

    private String earlierValue(String name, Setting raw) {
        String value = Option.named(name).map(given::get).orElse(null);
        if (value == null) {
            throw raw.problem("%(" + name + ") names no option given earlier in this file");
        }
        return value;
    }

    private String directory() {
        String directory = file.getParent().toString();
        return directory.endsWith(File.separator) ? directory : directory + File.separator;
    }

    private String nameWithoutExtension() {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
