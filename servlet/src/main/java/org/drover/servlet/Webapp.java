package org.drover.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drover.api.Config;

/**
 * One webapp a worker serves, as the master describes it: its name, its context path (the
 * mount) and its directory, unpacked already, plus the init parameters its {@code NAME.key}
 * values give.
 *
 * @param name the app's name, such as {@code billing}
 * @param contextPath {@code /billing}, or {@code ""} at the root
 * @param dir the webapp directory, with its {@code WEB-INF/}; read only
 * @param initParameters the context's init parameters: {@code --set billing.key=value} gives {@code key}
 * @param tmp the context's temp directory, which Jetty makes and empties; null for Jetty's own
 *     choice in {@code java.io.tmpdir}
 */
record Webapp(String name, String contextPath, Path dir, Map<String, String> initParameters, Path tmp) {

    /**
     * Reads the maps the worker passes ({@code name}, {@code context}, {@code dir}, and {@code
     * tmp} if it chooses the temp directory), each checked.
     */
    static List<Webapp> of(List<Map<String, String>> maps, Config config) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("drover.webapps is empty: the container needs at least one webapp");
        }
        List<Webapp> webapps = new ArrayList<>(maps.size());
        for (Map<String, String> map : maps) {
            Webapp webapp = of(map, config);
            for (Webapp other : webapps) {
                if (other.contextPath.equals(webapp.contextPath)) {
                    throw new IllegalArgumentException("webapps " + other.name + " and " + webapp.name
                            + " both have the context path '" + webapp.contextPath + "'");
                }
            }
            webapps.add(webapp);
        }
        return List.copyOf(webapps);
    }

    private static Webapp of(Map<String, String> map, Config config) {
        String name = map.get("name");
        String context = map.get("context");
        String dir = map.get("dir");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a webapp needs a \"name\", got " + map);
        }
        if (context == null || !(context.isEmpty() || context.startsWith("/") && !context.endsWith("/"))) {
            throw new IllegalArgumentException("webapp " + name + " needs a \"context\" of \"\" (the root) or /path"
                    + " without a trailing slash, got '" + context + "'");
        }
        if (dir == null || !Files.isDirectory(Path.of(dir).resolve("WEB-INF"))) {
            throw new IllegalArgumentException("webapp " + name
                    + " needs a \"dir\" that is a webapp directory (with WEB-INF/), got '" + dir + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String prefix = name + ".";
        config.values().forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                parameters.put(key.substring(prefix.length()), value);
            }
        });
        String tmp = map.get("tmp");
        if (tmp != null && !Path.of(tmp).isAbsolute()) {
            throw new IllegalArgumentException("webapp " + name + " needs an absolute \"tmp\", got '" + tmp + "'");
        }
        return new Webapp(name, context, Path.of(dir), Map.copyOf(parameters), tmp == null ? null : Path.of(tmp));
    }

    /** "webapp billing at /billing", for messages. */
    String describe() {
        return "webapp " + name + " at " + (contextPath.isEmpty() ? "/" : contextPath);
    }
}
