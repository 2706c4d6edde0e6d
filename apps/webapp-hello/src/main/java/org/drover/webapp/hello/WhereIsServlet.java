package org.drover.webapp.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.CodeSource;

/**
 * {@code GET /whereis?class=NAME} (repeatable): one line {@code NAME=JAR} per class, the file name
 * of the jar the webapp's class loader loads it from, or {@code none} when it cannot see it. The
 * class-loading tests copy this webapp with different jars in {@code WEB-INF/lib}.
 */
@WebServlet("/whereis")
public final class WhereIsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        String[] names = request.getParameterValues("class");
        for (String name : names == null ? new String[0] : names) {
            out.print(name + "=" + where(name) + "\n");
        }
    }

    private String where(String name) {
        try {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return "platform";
            }
            String path = source.getLocation().getPath();
            return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        } catch (ClassNotFoundException | LinkageError e) {
            return "none";
        }
    }
}
