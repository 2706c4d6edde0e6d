package org.drover.webapp.hello;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Adds {@code X-Filtered: yes} to every response, error pages included, so tests see that {@code web.xml} filters run.
 */
public final class FilteredHeaderFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Filtered", "yes");
        chain.doFilter(request, response);
    }
}
