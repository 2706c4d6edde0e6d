package app;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Marks the request and the response it filters. */
public class MarkFilter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        req.setAttribute("filtered", "yes");
        ((HttpServletResponse) resp).setHeader("X-Filtered", "yes");
        chain.doFilter(req, resp);
    }
}
