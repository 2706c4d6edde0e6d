package org.drover.master.apps;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.drover.master.config.ServerConfig;
import org.drover.wire.MountTable;

/**
 * The apps of one generation, taken when the server starts and at each reload: a private copy
 * of every jar ({@link GenerationDir}), what each jar is ({@link AppJar}), and where each app is
 * mounted ({@link MountPlan}). Workers load the copies and obey the mount table, so a jar that an
 * operator overwrites in place never breaks a running worker, and a respawn loads what the others
 * run.
 */
public final class AppSnapshot {

    /** What the listings show of any app jar, {@code --app} jars included. */
    public record Listed(String name, String mount, Path jar, String version, String sha256) {}

    private final int generation;
    private final Instant taken = Instant.now();
    private final GenerationDir dir;
    private final MountPlan plan;
    private final List<Listed> listing;

    private AppSnapshot(int generation, GenerationDir dir, MountPlan plan, List<Listed> listing) {
        this.generation = generation;
        this.dir = dir;
        this.plan = plan;
        this.listing = List.copyOf(listing);
    }

    /**
     * Copies the jars of {@code --app} and of every {@code app-dir} into a new directory under
     * {@code runtime} and works out their mounts.
     *
     * @throws AppLoadException naming the jar, the class or the mount, when the apps cannot be
     *     loaded as configured
     * @throws IOException naming the file, when a jar cannot be copied or a directory listed
     */
    public static AppSnapshot take(Path runtime, int generation, ServerConfig config)
            throws IOException, AppLoadException {
        GenerationDir dir = GenerationDir.create(runtime, generation);
        try {
            List<AppJar> dirApps = new ArrayList<>();
            for (Path appDir : config.appDirs()) {
                for (Path source : jarsIn(appDir)) {
                    dirApps.add(AppJar.read(source, dir, true));
                }
            }
            List<AppJar> group = new ArrayList<>();
            for (Path source : config.apps()) {
                group.add(AppJar.read(source, dir, false));
            }
            MountPlan plan = MountPlan.of(
                    dirApps,
                    group,
                    config.mounts(),
                    config.module(),
                    !config.appDirs().isEmpty());
            return new AppSnapshot(generation, dir, plan, listing(dirApps, group, plan.table()));
        } catch (IOException | AppLoadException | RuntimeException e) {
            dir.delete();
            throw e;
        }
    }

    /** Every app jar, app-dir apps first; an {@code --app} jar shows the mounts of its class loader. */
    private static List<Listed> listing(List<AppJar> dirApps, List<AppJar> group, MountTable table) {
        List<Listed> listing = new ArrayList<>();
        for (int i = 0; i < dirApps.size(); i++) {
            AppJar app = dirApps.get(i);
            int loader = i;
            String mount = table.mounts().stream()
                    .filter(m -> m.loader() == loader)
                    .map(m -> m.prefix().isEmpty() ? "/" : m.prefix())
                    .findFirst()
                    .orElse("-");
            listing.add(new Listed(app.name(), mount, app.source(), app.version(), app.sha256()));
        }
        String groupMounts = table.mounts().stream()
                .filter(m -> m.loader() == dirApps.size())
                .sorted(Comparator.comparing(MountTable.Mount::prefix))
                .map(m -> m.prefix().isEmpty() ? "/" : m.prefix())
                .collect(Collectors.joining(" "));
        for (AppJar jar : group) {
            listing.add(new Listed(
                    jar.name(), groupMounts.isEmpty() ? "-" : groupMounts, jar.source(), jar.version(), jar.sha256()));
        }
        return listing;
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
        } catch (IOException | DirectoryIteratorException e) {
            throw new IOException("app-dir: cannot list " + appDir + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    public int generation() {
        return generation;
    }

    /** When this generation was taken. */
    public Instant taken() {
        return taken;
    }

    /** Where each app is mounted, and the jars of each class loader: what the workers obey. */
    public MountTable mounts() {
        return plan.table();
    }

    /** Mounts that name no app yet: an app-dir app that is not there, as {@code /P=NAME}. */
    public List<String> waitingMounts() {
        return plan.waiting();
    }

    /** Every app jar, app-dir apps first, for the stats, the metrics and {@code drover ctl apps}. */
    public List<Listed> listing() {
        return listing;
    }

    /** The name of the app a request path goes to, as the worker chooses it, or "-" when none does. */
    public String appAt(String path) {
        return plan.table().match(path).map(MountTable.Mount::name).orElse("-");
    }

    /** Deletes the copies; called once no worker uses them. */
    public void delete() {
        dir.delete();
    }
}
