package app;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Loaded on startup; its @PostConstruct and @PreDestroy record themselves in System properties. */
public class StartupServlet extends HttpServlet {
    private String context;

    @PostConstruct
    void constructed() {
        System.setProperty("test.postconstruct", "yes");
    }

    @Override
    public void init() {
        context = getServletContext().getContextPath();
    }

    @PreDestroy
    void destroying() {
        System.setProperty("test.predestroy" + context, "yes");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().print("started");
    }
}
