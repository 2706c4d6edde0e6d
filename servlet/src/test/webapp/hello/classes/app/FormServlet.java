package app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A form POST read with getParameter. */
public class FormServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().print("name=" + req.getParameter("name") + " colours="
                + String.join(",", req.getParameterValues("colour")) + " q=" + req.getParameter("q"));
    }
}
