package app;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/** Non-blocking write (WriteListener) of ?kb= KiB of 'w' in 8 KiB writes. */
public class WriteListenerServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int total = Integer.parseInt(req.getParameter("kb")) * 1024;
        AsyncContext ac = req.startAsync();
        ServletOutputStream out = resp.getOutputStream();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'w');
        out.setWriteListener(new WriteListener() {
            int written;

            @Override
            public void onWritePossible() throws IOException {
                while (out.isReady()) {
                    if (written >= total) {
                        ac.complete();
                        return;
                    }
                    out.write(chunk, 0, Math.min(chunk.length, total - written));
                    written += Math.min(chunk.length, total - written);
                }
            }

            @Override
            public void onError(Throwable t) {
                ac.complete();
            }
        });
    }
}
