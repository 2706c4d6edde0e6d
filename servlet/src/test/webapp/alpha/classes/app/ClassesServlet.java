package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.CodeSource;

/** What this webapp's class loader gives it: ?class=NAME (repeated) tells where each comes from, or "none". */
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
        for (String name : req.getParameterValues("class")) {
            w.println(name + "=" + where(name));
        }
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
