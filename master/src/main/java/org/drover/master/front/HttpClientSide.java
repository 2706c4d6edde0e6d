package org.drover.master.front;

import java.nio.ByteBuffer;
import java.util.List;
import org.drover.master.dispatch.Client;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** An HTTP client of the master's Jetty, as the client side of an exchange. */
record HttpClientSide(Request request, Response response, Callback callback) implements Client {

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String uri() {
        return request.getHttpURI().getPathQuery();
    }

    @Override
    public String path() {
        String path = request.getHttpURI().getDecodedPath();
        return path == null ? "/" : path;
    }

    @Override
    public String protocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public String remoteAddr() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public void head(ResponseHead head) {
        response.setStatus(head.status());
        List<String> headers = head.headers();
        var fields = response.getHeaders();
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // the master frames the body for its own client
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                fields.put(HttpHeader.CONTENT_LENGTH, headers.get(i + 1));
            } else {
                fields.add(name, headers.get(i + 1));
            }
        }
    }

    @Override
    public void write(boolean last, ByteBuffer chunk, Callback written) {
        response.write(last, chunk, written);
    }

    @Override
    public void succeeded() {
        callback.succeeded();
    }

    @Override
    public void failed(Throwable cause) {
        callback.failed(cause);
    }
}
