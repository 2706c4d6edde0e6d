package org.drover.master.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mount rules alone, on jars described in memory: where each app goes, and what is refused. */
class MountPlanTest {

    private static AppJar jar(String file, String name, String... applications) {
        return new AppJar(Path.of("/src/" + file), Path.of("/copy/" + file), "00", name, "", List.of(applications));
    }

    private static final AppJar HELLO = jar("hello.jar", "hello", "org.drover.hello.HelloApp");
    private static final AppJar TOOLS = jar("tools.jar", "tools", "t.Admin", "t.Report");

    private static Map<String, String> mounts(String... prefixAndApp) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (int i = 0; i < prefixAndApp.length; i += 2) {
            mounts.put(prefixAndApp[i], prefixAndApp[i + 1]);
        }
        return mounts;
    }

    private static List<String> table(MountPlan plan) {
        return plan.table().mounts().stream()
                .map(m -> (m.prefix().isEmpty() ? "/" : m.prefix()) + "=" + m.type() + "@" + m.loader())
                .toList();
    }

    private static String refusal(
            List<AppJar> dirApps, List<AppJar> group, Map<String, String> mounts, Optional<String> module) {
        return assertThrows(
                        AppLoadException.class,
                        () -> MountPlan.of(
                                new MountPlan.Apps(dirApps, List.of(), group, List.of()),
                                mounts,
                                module,
                                !dirApps.isEmpty()))
                .getMessage();
    }

    @Test
    void oneAppJarIsTheRootApp() throws Exception {
        MountPlan plan = MountPlan.of(
                new MountPlan.Apps(List.of(), List.of(), List.of(HELLO), List.of()), Map.of(), Optional.empty(), false);
        assertEquals(List.of("/=org.drover.hello.HelloApp@0"), table(plan));
        assertEquals("HelloApp", plan.table().match("/anything").orElseThrow().name());
    }

    @Test
    void severalApplicationsNeedAModuleOrMounts() throws Exception {
        assertEquals(
                "several Applications in tools.jar (t.Admin, t.Report): choose one with --module",
                refusal(List.of(), List.of(TOOLS), Map.of(), Optional.empty()));
        assertEquals(
                List.of("/=t.Report@0"),
                table(MountPlan.of(
                        new MountPlan.Apps(List.of(), List.of(), List.of(TOOLS), List.of()),
                        Map.of(),
                        Optional.of("Report"),
                        false)));
        assertEquals(
                List.of("/admin=t.Admin@0", "/=t.Report@0"),
                table(MountPlan.of(
                        new MountPlan.Apps(List.of(), List.of(), List.of(TOOLS), List.of()),
                        mounts("/admin", "Admin"),
                        Optional.empty(),
                        false)),
                "the only app no mount names is the root");
    }

    @Test
    void withMountsAndSeveralUnmountedAppsNothingIsAtTheRoot() throws Exception {
        AppJar three = jar("three.jar", "three", "p.A", "p.B", "p.C");
        assertEquals(
                List.of("/a=p.A@0"),
                table(MountPlan.of(
                        new MountPlan.Apps(List.of(), List.of(), List.of(three), List.of()),
                        mounts("/a", "p.A"),
                        Optional.empty(),
                        false)));
    }

    @Test
    void aModuleOrAMountThatNamesNoAppIsRefused() {
        assertEquals(
                "module Nope is not an Application in hello.jar; found: org.drover.hello.HelloApp",
                refusal(List.of(), List.of(HELLO), Map.of(), Optional.of("Nope")));
        assertEquals(
                "module Reprot is not an Application in tools.jar; found: t.Admin, t.Report",
                refusal(List.of(), List.of(TOOLS), mounts("/admin", "Admin"), Optional.of("Reprot")),
                "with mounts too: a misspelt module is not silently replaced by the only unmounted app");
        assertEquals(
                "mount /x=NoSuchApp: no Application of that name in hello.jar; found: org.drover.hello.HelloApp",
                refusal(List.of(), List.of(HELLO), mounts("/x", "NoSuchApp"), Optional.empty()));
        assertEquals(
                "no Application in empty.jar: list its class in META-INF/services/org.drover.api.Application",
                refusal(List.of(), List.of(jar("empty.jar", "empty")), Map.of(), Optional.empty()));
    }

    @Test
    void appDirAppsGetALoaderEachAtTheirNameOrTheirMount() throws Exception {
        AppJar billing = jar("billing-1.4.jar", "billing", "b.Billing");
        AppJar shop = jar("shop.jar", "shop", "s.Shop");
        MountPlan plan = MountPlan.of(
                new MountPlan.Apps(List.of(billing, shop), List.of(), List.of(HELLO), List.of()),
                mounts("/pay", "billing", "/later", "absent", "/hello", "HelloApp"),
                Optional.empty(),
                true);
        assertEquals(
                List.of("/hello=org.drover.hello.HelloApp@2", "/shop=s.Shop@1", "/pay=b.Billing@0"),
                table(plan),
                "longest prefix first");
        assertEquals(List.of("/later=absent"), plan.waiting(), "a mount naming no app yet waits for its jar");
        assertEquals(
                List.of(
                        List.of(Path.of("/copy/billing-1.4.jar")),
                        List.of(Path.of("/copy/shop.jar")),
                        List.of(Path.of("/copy/hello.jar"))),
                plan.table().loaders());
    }

    @Test
    void twoAppsOnOneMountAreRefusedNamingBoth() {
        AppJar shop = jar("shop.jar", "shop", "s.Shop");
        assertEquals(
                "mount / is claimed by both app shop (/src/shop.jar) and the --app root app HelloApp",
                refusal(List.of(shop), List.of(HELLO), mounts("/", "shop"), Optional.empty()));
    }

    private static WebApp webapp(String file, String name) {
        return new WebApp(Path.of("/src/" + file), Path.of("/copy/" + name), "00", name, "");
    }

    private static List<String> webappTable(MountPlan plan) {
        return plan.table().mounts().stream()
                .map(m ->
                        (m.prefix().isEmpty() ? "/" : m.prefix()) + "=" + m.kind() + ":" + m.name() + "@" + m.loader())
                .toList();
    }

    @Test
    void aLoneWebappIsAtTheRootAndSeveralAreAtTheirNames() throws Exception {
        WebApp shop = webapp("shop-2.0.war", "shop");
        assertEquals(
                List.of("/=WEBAPP:shop@0"),
                webappTable(MountPlan.of(
                        new MountPlan.Apps(List.of(), List.of(), List.of(), List.of(shop)),
                        Map.of(),
                        Optional.empty(),
                        false)));
        assertEquals(
                List.of("/admin=WEBAPP:admin@1", "/shop=WEBAPP:shop@0"),
                webappTable(MountPlan.of(
                        new MountPlan.Apps(List.of(), List.of(), List.of(), List.of(shop, webapp("admin", "admin"))),
                        Map.of(),
                        Optional.empty(),
                        false)));
        MountPlan beside = MountPlan.of(
                new MountPlan.Apps(List.of(), List.of(), List.of(HELLO), List.of(shop)),
                Map.of(),
                Optional.empty(),
                false);
        assertEquals(
                List.of("/shop=WEBAPP:shop@0", "/=APP:HelloApp@1"),
                webappTable(beside),
                "beside --app jars a webapp is at its name: their root app is at /");
        assertEquals(List.of(Path.of("/copy/shop")), beside.table().loaders().get(0), "its loader is its directory");
    }

    @Test
    void appDirWebappsAreAtTheirNamesRootAtTheRootAndAMountMovesThem() throws Exception {
        MountPlan plan = MountPlan.of(
                new MountPlan.Apps(
                        List.of(jar("billing.jar", "billing", "b.Billing")),
                        List.of(webapp("ROOT.war", "ROOT"), webapp("shop.war", "shop"), webapp("admin", "admin")),
                        List.of(),
                        List.of()),
                mounts("/ops/admin", "admin"),
                Optional.empty(),
                true);
        assertEquals(
                List.of(
                        "/ops/admin=WEBAPP:admin@3",
                        "/billing=APP:billing@0",
                        "/shop=WEBAPP:shop@2",
                        "/=WEBAPP:ROOT@1"),
                webappTable(plan));
        assertEquals("shop", plan.table().match("/shop/cart").orElseThrow().name());
        assertEquals("ROOT", plan.table().match("/shopping").orElseThrow().name());
    }

    @Test
    void webappsAndJarsShareOneSetOfNamesAndOfPrefixes() {
        assertEquals(
                "/src/shop.jar and /src/shop.war both claim the app name 'shop'; rename or remove one",
                refusal(
                        new MountPlan.Apps(
                                List.of(jar("shop.jar", "shop", "s.Shop")),
                                List.of(webapp("shop.war", "shop")),
                                List.of(),
                                List.of()),
                        Map.of(),
                        Optional.empty()));
        assertEquals(
                "mount / is claimed by both webapp ROOT (/src/ROOT.war) and the --app root app HelloApp",
                refusal(
                        new MountPlan.Apps(List.of(), List.of(webapp("ROOT.war", "ROOT")), List.of(HELLO), List.of()),
                        Map.of(),
                        Optional.empty()));
        MountPlan.Apps shop = new MountPlan.Apps(List.of(), List.of(), List.of(), List.of(webapp("shop.war", "shop")));
        assertEquals(
                "mount /x=shpo: no app of that name; found: shop",
                refusal(shop, mounts("/x", "shpo"), Optional.empty()));
        assertEquals(
                "module Shop: there are no --app jars to choose an Application from (a webapp's classes are found by"
                        + " its web.xml and annotations)",
                refusal(shop, Map.of(), Optional.of("Shop")));
    }

    private static String refusal(MountPlan.Apps apps, Map<String, String> mounts, Optional<String> module) {
        boolean appDirs = !apps.dirJars().isEmpty() || !apps.dirWebapps().isEmpty();
        return assertThrows(AppLoadException.class, () -> MountPlan.of(apps, mounts, module, appDirs))
                .getMessage();
    }
}
