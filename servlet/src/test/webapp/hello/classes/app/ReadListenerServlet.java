package app;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Non-blocking read (ReadListener): counts bytes and the threads onDataAvailable ran on. */
public class ReadListenerServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AsyncContext ac = req.startAsync();
        ServletInputStream in = req.getInputStream();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long[] n = {0};
        in.setReadListener(new ReadListener() {
            final byte[] buf = new byte[16384];

            @Override
            public void onDataAvailable() throws IOException {
                threads.add(Thread.currentThread().getName().replaceAll("-\\d+$", "-N"));
                while (in.isReady()) {
                    int r = in.read(buf);
                    if (r < 0) return;
                    n[0] += r;
                }
            }

            @Override
            public void onAllDataRead() throws IOException {
                ac.getResponse().getWriter().print(n[0] + " " + new TreeSet<>(threads));
                ac.complete();
            }

            @Override
            public void onError(Throwable t) {
                ac.complete();
            }
        });
    }
}
