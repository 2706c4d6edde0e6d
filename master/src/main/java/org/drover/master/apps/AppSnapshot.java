package org.drover.master.apps;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.drover.master.config.ServerConfig;
import org.drover.wire.MountTable;

/**
 * The apps of one generation, taken when the server starts and at each reload: a private copy
 * of every jar and webapp ({@link GenerationDir}), what each is ({@link AppJar}, {@link WebApp}),
 * and where each app is mounted ({@link MountPlan}). Workers load the copies and obey the mount table, so a jar that an
 * operator overwrites in place never breaks a running worker, and a respawn loads what the others
 * run.
 */
public final class AppSnapshot {

    /** What the listings show of any app, {@code --app} jars and webapps included; {@code jar} is its file. */
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
     * {@code runtime}, unpacks the WARs there (or copies the webapp directories), and works out
     * their mounts.
     *
     * @throws AppLoadException naming the jar, the class or the mount, when the apps cannot be
     *     loaded as configured
     * @throws IOException naming the file, when an app cannot be copied or a directory listed
     */
    public static AppSnapshot take(Path runtime, int generation, ServerConfig config)
            throws IOException, AppLoadException {
        GenerationDir dir = GenerationDir.create(runtime, generation);
        try {
            List<AppJar> dirJars = new ArrayList<>();
            List<WebApp> dirWebapps = new ArrayList<>();
            for (Path appDir : config.appDirs()) {
                for (Path source : AppFiles.appsIn(appDir)) {
                    if (AppFiles.isWebapp(source)) {
                        dirWebapps.add(WebApp.read(source, dir));
                    } else {
                        dirJars.add(AppJar.read(source, dir, true));
                    }
                }
            }
            List<AppJar> jars = new ArrayList<>();
            List<WebApp> webapps = new ArrayList<>();
            for (Path source : config.apps()) {
                if (AppFiles.isWebapp(source)) {
                    webapps.add(WebApp.read(source, dir));
                } else {
                    jars.add(AppJar.read(source, dir, false));
                }
            }
            MountPlan.Apps apps = new MountPlan.Apps(dirJars, dirWebapps, jars, webapps);
            MountPlan plan = MountPlan.of(
                    apps, config.mounts(), config.module(), !config.appDirs().isEmpty());
            return new AppSnapshot(generation, dir, plan, listing(apps, plan.table()));
        } catch (IOException | AppLoadException | RuntimeException e) {
            dir.delete();
            throw e;
        }
    }

    /** Every app, app-dir apps first, each with the mounts of its class loader ("-" for none). */
    private static List<Listed> listing(MountPlan.Apps apps, MountTable table) {
        List<Listed> listing = new ArrayList<>();
        for (AppJar app : apps.dirJars()) {
            listing.add(new Listed(app.name(), mounts(table, app.copy()), app.source(), app.version(), app.sha256()));
        }
        List<WebApp> webapps = new ArrayList<>(apps.dirWebapps());
        webapps.addAll(apps.webapps());
        for (WebApp app : webapps) {
            listing.add(new Listed(app.name(), mounts(table, app.copy()), app.source(), app.version(), app.sha256()));
        }
        for (AppJar jar : apps.jars()) {
            listing.add(new Listed(jar.name(), mounts(table, jar.copy()), jar.source(), jar.version(), jar.sha256()));
        }
        return listing;
    }

    /** The prefixes served by the class loader that holds {@code copy}, space-separated, or "-". */
    private static String mounts(MountTable table, Path copy) {
        String mounts = table.mounts().stream()
                .filter(m -> table.loaders().get(m.loader()).contains(copy))
                .map(m -> m.prefix().isEmpty() ? "/" : m.prefix())
                .sorted()
                .collect(Collectors.joining(" "));
        return mounts.isEmpty() ? "-" : mounts;
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

    /** Every app, app-dir apps first, for the stats, the metrics and {@code drover ctl apps}. */
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
