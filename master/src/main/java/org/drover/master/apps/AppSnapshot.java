package org.drover.master.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.drover.master.config.ServerConfig;

/**
 * The apps of one generation, with a private copy of every jar, made when the server starts and at
 * each reload. Workers load the copies, so a jar that an operator overwrites in place never breaks
 * a running worker, and a respawn loads what the others run.
 *
 * <p>Two kinds of app: the {@code --app} jars, which share one class loader (with {@code mount}
 * choosing among their Application classes), and the jars found in the {@code app-dir}
 * directories, each an app of its own, with its own class loader, mounted at {@code /NAME}.
 */
public final class AppSnapshot {

    /** An app of an app-dir: its name, where it is mounted, and the copy of its jar the workers load. */
    public record Deployed(String name, String mount, Path copy, String version, String sha256) {}

    /** What the listings show of any app, {@code --app} jars included. */
    public record Listed(String name, String mount, Path jar, String version, String sha256) {}

    private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[\\w.+-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final int generation;
    private final Instant taken = Instant.now();
    private final Path dir;
    private final List<Path> jars = new ArrayList<>();
    private final List<Listed> jarListing = new ArrayList<>();
    private final List<Deployed> deployed = new ArrayList<>();
    private final Map<String, String> groupMounts = new LinkedHashMap<>();
    private final List<String> waiting = new ArrayList<>();
    /** Mount prefix ("" for the root) to app name, longest first, for the request log. */
    private final List<Map.Entry<String, String>> names = new ArrayList<>();

    private AppSnapshot(int generation, Path dir) {
        this.generation = generation;
        this.dir = dir;
    }

    /**
     * Copies the jars of {@code --app} and of every {@code app-dir} into a new directory under
     * {@code runtime}.
     *
     * @throws IOException naming the file, when a jar cannot be read or copied, or two apps
     *     claim one name or one mount
     */
    public static AppSnapshot take(Path runtime, int generation, ServerConfig config) throws IOException {
        Path dir = Files.createDirectories(runtime.resolve("apps-" + generation));
        AppSnapshot snapshot = new AppSnapshot(generation, dir);
        try {
            snapshot.copyAll(config);
        } catch (IOException e) {
            snapshot.delete();
            throw e;
        }
        return snapshot;
    }

    private void copyAll(ServerConfig config) throws IOException {
        Map<String, Path> claimed = new LinkedHashMap<>();
        Map<String, String> mountOwners = new LinkedHashMap<>();
        Map<String, String> mounts = new LinkedHashMap<>(config.mounts());
        for (Path appDir : config.appDirs()) {
            for (Path source : jarsIn(appDir)) {
                Manifest manifest = manifest(source);
                String name = appName(source, manifest);
                Path other = claimed.put(name, source);
                if (other != null) {
                    throw new IOException("app-dir: " + other + " and " + source + " both claim the app name '" + name
                            + "'; remove one");
                }
                String mount = "/" + name;
                for (Map.Entry<String, String> given : config.mounts().entrySet()) {
                    if (given.getValue().equals(name)) {
                        mount = given.getKey(); // mount /pay=billing moves the app
                        mounts.remove(given.getKey());
                    }
                }
                claimMount(mountOwners, mount, "app " + name + " (" + source + ")");
                Copy copy = copy(source);
                Deployed app = new Deployed(name, mount, copy.path(), version(manifest), copy.sha256());
                deployed.add(app);
                jarListing.add(new Listed(name, mount, source, app.version(), app.sha256()));
            }
        }
        // The --app jars: their Application classes, read here as the worker will, decide which of
        // the remaining mounts are theirs; with app-dir, a mount naming neither waits for its app.
        List<String> types = new ArrayList<>();
        for (Path source : config.apps()) {
            types.addAll(applicationClasses(source));
        }
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            if (config.appDirs().isEmpty() || !config.apps().isEmpty() && named(types, mount.getValue()) != null) {
                groupMounts.put(mount.getKey(), mount.getValue());
            } else {
                waiting.add(mount.getKey() + "=" + mount.getValue());
            }
        }
        for (Map.Entry<String, String> mount : groupMounts.entrySet()) {
            claimMount(mountOwners, mount.getKey(), "mount " + mount.getKey() + "=" + mount.getValue());
            String type = named(types, mount.getValue());
            names.add(Map.entry(
                    mount.getKey().equals("/") ? "" : mount.getKey(),
                    type == null ? mount.getValue() : simpleName(type)));
        }
        for (Path source : config.apps()) {
            Copy copy = copy(source);
            jars.add(copy.path());
            Manifest manifest = groupManifest(source);
            String mount = groupMounts.isEmpty() ? "/" : String.join(" ", groupMounts.keySet());
            jarListing.add(new Listed(groupName(source, manifest), mount, source, version(manifest), copy.sha256()));
        }
        String root = groupRoot(config, types);
        if (root != null) {
            claimMount(mountOwners, "/", "the --app root app " + simpleName(root));
            names.add(Map.entry("", simpleName(root)));
        }
        for (Deployed app : deployed) {
            names.add(Map.entry(app.mount().equals("/") ? "" : app.mount(), app.name()));
        }
        names.sort(Comparator.comparingInt(
                        (Map.Entry<String, String> e) -> e.getKey().length())
                .reversed());
    }

    /**
     * The {@code --app} jars' app at the root, chosen as the worker chooses it: without mounts
     * the {@code module} or the only one; with mounts (none at {@code /}) the {@code module}, or
     * else the only one no mount names.
     */
    private String groupRoot(ServerConfig config, List<String> types) {
        if (config.apps().isEmpty() || groupMounts.containsKey("/")) {
            return null;
        }
        if (config.module().isPresent()) {
            String module = named(types, config.module().get());
            return module != null ? module : config.module().get();
        }
        List<String> unmounted = new ArrayList<>(types);
        for (String app : groupMounts.values()) {
            unmounted.remove(named(types, app));
        }
        return unmounted.size() == 1 ? unmounted.get(0) : null;
    }

    /** The class among {@code types} that {@code name} names, simply or fully, or null. */
    private static String named(List<String> types, String name) {
        for (String type : types) {
            if (type.equals(name) || simpleName(type).equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** The Application classes a jar lists in META-INF/services, or none if it cannot be read. */
    private static List<String> applicationClasses(Path jar) {
        List<String> types = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry services = file.getEntry("META-INF/services/org.drover.api.Application");
            if (services != null) {
                try (InputStream in = file.getInputStream(services)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String type = line.replaceFirst("#.*", "").strip();
                        if (!type.isEmpty() && !types.contains(type)) {
                            types.add(type);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the worker says what is wrong with the jar
        }
        return types;
    }

    /** Mounts that name no app yet: an app-dir app that is not there. */
    public List<String> waitingMounts() {
        return List.copyOf(waiting);
    }

    private static void claimMount(Map<String, String> owners, String mount, String who) throws IOException {
        String other = owners.put(mount, who);
        if (other != null) {
            throw new IOException("mount " + mount + " is claimed by both " + other + " and " + who);
        }
    }

    /** The jars of a directory, by name; hidden files and anything not ending in .jar are left alone. */
    static List<Path> jarsIn(Path appDir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(appDir, "*.jar")) {
            for (Path file : files) {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    found.add(file);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            throw new IOException("app-dir: cannot list " + appDir + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    /**
     * The app's name: {@code Drover-App-Name} from the manifest, or else the file name without
     * {@code .jar} and without a version ({@code billing-1.4.jar} is {@code billing}).
     */
    static String appName(Path jar, Manifest manifest) throws IOException {
        String declared = manifest == null ? null : manifest.getMainAttributes().getValue("Drover-App-Name");
        String name;
        if (declared != null && !declared.isBlank()) {
            name = declared.strip();
        } else {
            String file = jar.getFileName().toString();
            name = file.substring(0, file.length() - ".jar".length());
            Matcher versioned = VERSIONED.matcher(name);
            if (versioned.matches()) {
                name = versioned.group(1);
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw new IOException("app " + jar + ": the app name '" + name + "' is not letters, digits, '.', '_' "
                    + "or '-'; rename the file or set Drover-App-Name in its manifest");
        }
        return name;
    }

    /** An {@code --app} jar's manifest, or null: what is wrong with the jar is the worker's to say. */
    private static Manifest groupManifest(Path jar) {
        try {
            return manifest(jar);
        } catch (IOException e) {
            return null;
        }
    }

    /** An {@code --app} jar's name, for the listings only: a name that app-dir would refuse is kept. */
    private static String groupName(Path jar, Manifest manifest) {
        try {
            return appName(jar, manifest);
        } catch (IOException e) {
            return jar.getFileName().toString();
        }
    }

    /** The manifest; opening the jar's central directory also refuses a truncated or corrupt jar. */
    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        } catch (IOException | RuntimeException e) {
            throw new IOException("app " + jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static String version(Manifest manifest) {
        String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        return version == null ? "" : version.strip();
    }

    private record Copy(Path path, String sha256) {}

    /** Copies a jar into the snapshot, hashing it on the way. */
    private Copy copy(Path source) throws IOException {
        Path copy = dir.resolve(source.getFileName());
        for (int n = 2; Files.exists(copy); n++) {
            copy = dir.resolve(n + "-" + source.getFileName()); // two jars of one file name
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(copy), digest)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IOException("cannot copy app jar " + source + ": " + e.getMessage(), e);
        }
        return new Copy(copy, HexFormat.of().formatHex(digest.digest()));
    }

    public int generation() {
        return generation;
    }

    /** When this generation was taken. */
    public Instant taken() {
        return taken;
    }

    /** The copies of the {@code --app} jars, in their order. */
    public List<Path> jars() {
        return List.copyOf(jars);
    }

    /** The {@code mount} options for the {@code --app} jars: those that name no app-dir app. */
    public Map<String, String> groupMounts() {
        return java.util.Collections.unmodifiableMap(groupMounts); // in the order given
    }

    /** The app-dir apps. */
    public List<Deployed> deployed() {
        return List.copyOf(deployed);
    }

    /** Every app jar, app-dir apps first, for the stats, the metrics and {@code drover ctl apps}. */
    public List<Listed> listing() {
        return List.copyOf(jarListing);
    }

    /** {@code drover ctl apps}: a row per app, then the generation. */
    String table() {
        String row = "%-16s %-16s %-16s %-20s %-64s %s%n";
        StringBuilder table =
                new StringBuilder(String.format(row, "APP", "MOUNT", "VERSION", "LOADED", "SHA-256", "JAR"));
        String loaded = java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                taken.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        for (Listed app : jarListing) {
            table.append(String.format(
                    row,
                    app.name(),
                    app.mount(),
                    app.version().isEmpty() ? "-" : app.version(),
                    loaded,
                    app.sha256(),
                    app.jar()));
        }
        return table.append("generation ").append(generation).append('\n').toString();
    }

    /**
     * The name of the app a request path goes to, as the worker chooses it (the longest matching
     * mount prefix), or "-" when none does.
     */
    public String appAt(String path) {
        for (Map.Entry<String, String> mount : names) {
            String prefix = mount.getKey();
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return mount.getValue();
            }
        }
        return "-";
    }

    /** Deletes the copies; called once no worker uses them. */
    public void delete() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // the runtime directory goes at exit anyway
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // the runtime directory goes at exit anyway
        }
    }
}
