package org.drover.webapp.hello;

import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /info} and {@code /info/*}: how the container mapped the request, one {@code name=value} line each, for
 * the tests of the request mapping (context path, servlet path, path info, scheme, host, port, remote address) and of
 * the headers as the app sees them.
 *
 * <p>Lines, in this order: {@code method}, {@code protocol}, {@code contextPath}, {@code servletPath}, {@code
 * pathInfo}, {@code requestURI}, {@code queryString}, {@code remoteAddr}, {@code remotePort}, {@code localAddr},
 * {@code localPort}, {@code scheme}, {@code serverName}, {@code serverPort}, {@code isSecure}, {@code
 * param.greeting} (the servlet's init parameter {@code greeting}, else the context's), then {@code
 * initParameter.NAME} for every context init parameter sorted by name, then {@code header.NAME} for every value of
 * every request header in the order received. An absent value prints as {@code null}.
 */
@WebServlet(
        urlPatterns = {"/info", "/info/*"},
        name = "info")
public final class InfoServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        line(out, "method", request.getMethod());
        line(out, "protocol", request.getProtocol());
        line(out, "contextPath", request.getContextPath());
        line(out, "servletPath", request.getServletPath());
        line(out, "pathInfo", request.getPathInfo());
        line(out, "requestURI", request.getRequestURI());
        line(out, "queryString", request.getQueryString());
        line(out, "remoteAddr", request.getRemoteAddr());
        line(out, "remotePort", request.getRemotePort());
        line(out, "localAddr", request.getLocalAddr());
        line(out, "localPort", request.getLocalPort());
        line(out, "scheme", request.getScheme());
        line(out, "serverName", request.getServerName());
        line(out, "serverPort", request.getServerPort());
        line(out, "isSecure", request.isSecure());
        line(out, "param.greeting", greeting());
        ServletContext context = getServletContext();
        List<String> names = Collections.list(context.getInitParameterNames());
        Collections.sort(names);
        for (String name : names) {
            line(out, "initParameter." + name, context.getInitParameter(name));
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                line(out, "header." + name, value);
            }
        }
    }

    private String greeting() {
        String own = getInitParameter("greeting");
        return own != null ? own : getServletContext().getInitParameter("greeting");
    }

    private static void line(PrintWriter out, String name, Object value) {
        out.print(name + "=" + value + "\n");
    }
}
