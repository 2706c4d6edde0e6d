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
                        AppLoadException.class, () -> MountPlan.of(dirApps, group, mounts, module, !dirApps.isEmpty()))
                .getMessage();
    }

    @Test
    void oneAppJarIsTheRootApp() throws Exception {
        MountPlan plan = MountPlan.of(List.of(), List.of(HELLO), Map.of(), Optional.empty(), false);
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
                table(MountPlan.of(List.of(), List.of(TOOLS), Map.of(), Optional.of("Report"), false)));
        assertEquals(
                List.of("/admin=t.Admin@0", "/=t.Report@0"),
                table(MountPlan.of(List.of(), List.of(TOOLS), mounts("/admin", "Admin"), Optional.empty(), false)),
                "the only app no mount names is the root");
    }

    @Test
    void withMountsAndSeveralUnmountedAppsNothingIsAtTheRoot() throws Exception {
        AppJar three = jar("three.jar", "three", "p.A", "p.B", "p.C");
        assertEquals(
                List.of("/a=p.A@0"),
                table(MountPlan.of(List.of(), List.of(three), mounts("/a", "p.A"), Optional.empty(), false)));
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
                List.of(billing, shop),
                List.of(HELLO),
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
}
