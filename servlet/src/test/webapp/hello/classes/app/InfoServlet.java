package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.TreeMap;

/** What the request looks like to a servlet, one "key=value" per line. */
public class InfoServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TreeMap<String, String> params = new TreeMap<>();
        req.getParameterMap().forEach((k, v) -> params.put(k, String.join("|", v)));
        resp.setContentType("text/plain;charset=utf-8");
        PrintWriter w = resp.getWriter();
        w.println("method=" + req.getMethod());
        w.println("params=" + params);
        w.println("query=" + req.getQueryString());
        w.println("uri=" + req.getRequestURI());
        w.println("url=" + req.getRequestURL());
        w.println("context=" + req.getContextPath());
        w.println("servletPath=" + req.getServletPath());
        w.println("pathInfo=" + req.getPathInfo());
        w.println("protocol=" + req.getProtocol());
        w.println("scheme=" + req.getScheme());
        w.println("secure=" + req.isSecure());
        w.println("serverName=" + req.getServerName());
        w.println("serverPort=" + req.getServerPort());
        w.println("remote=" + req.getRemoteAddr() + ":" + req.getRemotePort());
        w.println("remoteHost=" + req.getRemoteHost());
        w.println("local=" + req.getLocalAddr() + ":" + req.getLocalPort());
        w.println("contentLength=" + req.getContentLengthLong());
        w.println("thread=" + Thread.currentThread().getName());
        w.println("filtered=" + req.getAttribute("filtered"));
    }
}
