package org.drover.master.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One value given for an option and where it was given, so that every conversion error can name
 * the option, the value and its origin.
 *
 * @param origin where the value was given, as shown in errors, such as
 *     {@code option threads in /srv/app.ini line 4} or {@code environment DROVER_THREADS}
 */
public record Setting(Option option, String value, String origin) {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:/\\[\\]]*):(\\d{1,5})");
    private static final Pattern CLASS_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** A value given on the command line, named by the option's first name. */
    public static Setting onCommandLine(Option option, String value) {
        return new Setting(option, value, "option " + option.names().get(0) + " on the command line");
    }

    static Setting inEnvironment(Option option, String value) {
        return new Setting(option, value, "environment " + option.envName());
    }

    static Setting inIniFile(Option option, String key, String value, Path file, int line) {
        return new Setting(option, value, "option " + key + " in " + file + " line " + line);
    }

    static Setting byDefault(Option option, String value) {
        return new Setting(option, value, "default");
    }

    int asInt(int min) {
        return asInt(min, Integer.MAX_VALUE);
    }

    int asInt(int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notA("an integer");
        }
        if (number < min) {
            throw outOfRange(">= " + min);
        }
        if (number > max) {
            throw outOfRange("<= " + max);
        }
        return number;
    }

    long asSize(long min, long max) {
        Matcher matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw notA("a size in bytes, such as 65536, 64k or 1m");
        }
        long size;
        try {
            size = Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier(matcher.group(2)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw outOfRange("at most " + max);
        }
        if (size < min || size > max) {
            throw outOfRange(max == Long.MAX_VALUE ? ">= " + min : "between " + min + " and " + max);
        }
        return size;
    }

    private static long multiplier(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L;
        };
    }

    boolean asBoolean() {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw notA("a boolean (true/false, yes/no, on/off, 1/0)");
        };
    }

    /** Reads {@code [HOST]:PORT}; an empty host or a bare port means all interfaces. */
    ServerConfig.HostPort asHostPort() {
        String host;
        String port;
        Matcher matcher = HOST_PORT.matcher(value);
        if (value.matches("\\d{1,5}")) {
            host = "";
            port = value;
        } else if (matcher.matches()) {
            host = matcher.group(1);
            port = matcher.group(2);
        } else {
            throw notA("[HOST]:PORT with a port from 0 to 65535");
        }
        int number = Integer.parseInt(port);
        if (number > 65535) {
            throw notA("[HOST]:PORT with a port from 0 to 65535");
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        } else if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ServerConfig.HostPort(host, number);
    }

    /** Reads {@code NAME=VALUE}, splitting at the first {@code =}. */
    Map.Entry<String, String> asNameValue() {
        int equals = value.indexOf('=');
        if (equals < 1) {
            throw notA("NAME=VALUE");
        }
        return Map.entry(value.substring(0, equals), value.substring(equals + 1));
    }

    /** The path made absolute against the current directory, which must be a readable regular file. */
    Path asReadableFile() {
        Path file = asAbsolutePath();
        if (!Files.exists(file)) {
            throw problem("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw problem("not a regular file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw problem("not readable: " + file);
        }
        return file;
    }

    /**
     * An app to serve: a readable {@code .jar} or {@code .war} file, or a webapp directory (one
     * with {@code WEB-INF/}), made absolute against the current directory.
     */
    Path asApp() {
        Path app = asAbsolutePath();
        if (Files.isDirectory(app)) {
            if (!Files.isDirectory(app.resolve("WEB-INF"))) {
                throw problem(app + " is a directory without WEB-INF/; an app is a .jar, a .war or a webapp directory");
            }
            return app;
        }
        String name = app.getFileName().toString();
        if (Files.exists(app) && !name.endsWith(".jar") && !name.endsWith(".war")) {
            throw problem(app + " is neither a .jar nor a .war");
        }
        return asReadableFile();
    }

    /** IP addresses, comma-separated, each a literal IPv4 or IPv6 address (no names: no lookups). */
    List<String> asAddresses() {
        List<String> addresses = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            String address = part.strip();
            if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw notA("an IP address, such as 127.0.0.1 or ::1");
            }
            try {
                addresses.add(java.net.InetAddress.getByName(address).getHostAddress());
            } catch (java.net.UnknownHostException e) {
                throw notA("an IP address, such as 127.0.0.1 or ::1");
            }
        }
        return addresses;
    }

    /** {@code /PREFIX=APP}: a path prefix (no trailing slash, except {@code /} itself) and a class name. */
    Map.Entry<String, String> asMount() {
        Map.Entry<String, String> mount = asNameValue();
        String prefix = mount.getKey();
        if (!prefix.startsWith("/") || prefix.length() > 1 && prefix.endsWith("/") || prefix.contains("//")) {
            throw notA("/PREFIX=APP with a prefix such as /billing");
        }
        if (!CLASS_NAME.matcher(mount.getValue()).matches()
                && !mount.getValue().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw notA("/PREFIX=APP with APP an Application class name or an app-dir app's name");
        }
        return mount;
    }

    /** A log format: every {@code %(name)} must be a variable the request log knows. */
    String asLogFormat() {
        Matcher matcher = java.util.regex.Pattern.compile("%\\(([^)]*)\\)").matcher(value);
        while (matcher.find()) {
            if (!ServerConfig.Logging.VARIABLES.contains(matcher.group(1))) {
                throw problem("unknown variable %(" + matcher.group(1) + ") in '" + value + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(ServerConfig.Logging.VARIABLES)));
            }
        }
        return value;
    }

    /** An octal file mode of three or four digits, such as 660; empty means 666, as in uWSGI. */
    Integer asFileMode() {
        if (value.isEmpty()) {
            return 0666;
        }
        if (!value.matches("[0-7]{3,4}")) {
            throw notA("an octal mode such as 660 or 0666");
        }
        return Integer.parseInt(value, 8);
    }

    /** A socket address: {@code [HOST]:PORT}, or a UNIX socket path (anything with a {@code /}). */
    String asSocketAddress() {
        if (value.contains("/")) {
            return asFilePath().toString();
        }
        return asHostPort().toString();
    }

    /** An {@code https} value: {@code [HOST]:PORT,CERT,KEY[,CIPHERS[,CLIENT_CA]]}, its files existing. */
    HttpsListener asHttps() {
        String[] parts = value.split(",", -1);
        if (parts.length < 3 || parts.length > 5 || parts[1].isBlank() || parts[2].isBlank()) {
            throw notA("[HOST]:PORT,CERT,KEY[,CIPHERS[,CLIENT_CA]]");
        }
        ServerConfig.HostPort address = new Setting(option, parts[0].strip(), origin).asHostPort();
        Optional<String> ciphers =
                parts.length > 3 && !parts[3].isBlank() ? Optional.of(parts[3].strip()) : Optional.empty();
        String ca = parts.length > 4 ? parts[4].strip() : "";
        boolean required = ca.startsWith("!");
        Optional<Path> clientCa = ca.isEmpty() || ca.equals("!")
                ? Optional.empty()
                : Optional.of(pemFile(ca.substring(required ? 1 : 0)));
        return new HttpsListener(
                address, pemFile(parts[1].strip()), pemFile(parts[2].strip()), ciphers, clientCa, required);
    }

    private Path pemFile(String name) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw problem("no such file: " + file);
        }
        return file;
    }

    /** The path of a file that may not exist yet, made absolute; its directory must exist. */
    Path asFilePath() {
        Path file = asAbsolutePath();
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw problem("no such directory: " + parent);
        }
        if (Files.isDirectory(file)) {
            throw problem("a directory, not a file: " + file);
        }
        return file;
    }

    /** The path made absolute against the current directory, which must be an existing directory. */
    Path asDirectory() {
        Path directory = asAbsolutePath();
        if (!Files.exists(directory)) {
            throw problem("no such directory: " + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw problem("not a directory: " + directory);
        }
        return directory;
    }

    Path asAbsolutePath() {
        if (value.isEmpty()) {
            throw notA("a path");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw notA("a path");
        }
    }

    String asClassName() {
        if (!CLASS_NAME.matcher(value).matches()) {
            throw notA("a Java class name, such as com.example.Hello");
        }
        return value;
    }

    /** {@code /PREFIX=DIR}, uWSGI's static-map: DIR an existing directory or file. */
    StaticFiles.Mapping asStaticMap() {
        int eq = value.indexOf('=');
        if (eq < 1 || eq == value.length() - 1) {
            throw notA("/PREFIX=DIR");
        }
        String prefix = value.substring(0, eq).strip();
        Path target;
        try {
            target = Path.of(value.substring(eq + 1).strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw notA("/PREFIX=DIR");
        }
        if (!Files.exists(target)) {
            throw problem("no such directory or file: " + target);
        }
        return new StaticFiles.Mapping(prefix, target, !Files.isDirectory(target));
    }

    /** {@code REGEXP VALUE}: the expression, and what follows the first run of spaces. */
    String[] asPatternAndValue(String form) {
        String[] parts = value.strip().split("\\s+", 2);
        if (parts.length < 2) {
            throw notA(form);
        }
        try {
            Pattern.compile(parts[0]);
        } catch (PatternSyntaxException e) {
            throw problem("not a regular expression: '" + parts[0] + "': " + e.getDescription());
        }
        return parts;
    }

    Cheaper.Algorithm asCheaperAlgorithm() {
        for (Cheaper.Algorithm algorithm : Cheaper.Algorithm.values()) {
            if (algorithm.key().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return algorithm;
            }
        }
        throw notA("one of headroom, spare, spare2, backlog, busyness, manual");
    }

    String asNonEmpty() {
        if (value.isEmpty()) {
            throw problem("must not be empty");
        }
        return value;
    }

    /** An error for a value of the wrong form: {@code threads must be an integer, got 'x' (origin)}. */
    ConfigException notA(String form) {
        return new ConfigException(option.key() + " must be " + form + ", got '" + value + "' (" + origin + ")");
    }

    /** An error for a value out of range: {@code threads must be >= 1, got 0 (origin)}. */
    ConfigException outOfRange(String range) {
        return new ConfigException(option.key() + " must be " + range + ", got " + value + " (" + origin + ")");
    }

    /** Any other error: {@code app: no such file: /x.jar (origin)}. */
    ConfigException problem(String text) {
        return new ConfigException(option.key() + ": " + text + " (" + origin + ")");
    }
}
