package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.CodeSource;

/**
 * What this webapp's class loader gives it: ?class=NAME (repeated) tells where each comes from,
 * ?resource=NAME where each copy of a resource is, or "none".
 */
public class ClassesServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        PrintWriter w = resp.getWriter();
        w.println("version=" + shared.Version.value());
        StringBuilder chain = new StringBuilder();
        for (ClassLoader l = getClass().getClassLoader(); l != null; l = l.getParent()) {
            chain.append(l == ClassLoader.getSystemClassLoader() ? "SYSTEM" : l.getClass().getSimpleName()).append(" > ");
        }
        w.println("loaders=" + chain + "bootstrap");
        String[] classes = req.getParameterValues("class");
        for (String name : classes == null ? new String[0] : classes) {
            w.println(name + "=" + where(name));
        }
        String[] resources = req.getParameterValues("resource");
        for (String name : resources == null ? new String[0] : resources) {
            w.println(name + "=" + whereAll(name));
        }
    }

    /** The jars (or directories) that hold a resource, as getResources finds them, or "none". */
    private String whereAll(String name) throws IOException {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (java.net.URL url : java.util.Collections.list(getClass().getClassLoader().getResources(name))) {
            String path = url.getPath();
            String file = path.contains("!") ? path.substring(0, path.indexOf('!')) : path;
            found.add(file.substring(file.lastIndexOf('/') + 1));
        }
        return found.isEmpty() ? "none" : String.join(",", found);
    }

    private String where(String name) {
        try {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            CodeSource source = c.getProtectionDomain().getCodeSource();
            String location = source == null || source.getLocation() == null ? "?" : source.getLocation().getPath();
            return location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
        } catch (ClassNotFoundException | LinkageError e) {
            return "none";
        }
    }
}
