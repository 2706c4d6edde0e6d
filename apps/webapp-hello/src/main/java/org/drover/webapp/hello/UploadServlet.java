package org.drover.webapp.hello;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code POST /upload} ({@code multipart/form-data}): one line per part, {@code name filename size sha256} ({@code -}
 * for a field without a file name), so tests can check that a large multipart body reached the app byte for byte.
 * Parts above 1 MiB are spooled to the container's temporary directory.
 */
@WebServlet("/upload")
@MultipartConfig(fileSizeThreshold = 1024 * 1024)
public final class UploadServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        for (Part part : request.getParts()) {
            String filename = part.getSubmittedFileName();
            out.print(part.getName() + " " + (filename == null ? "-" : filename) + " " + part.getSize() + " "
                    + sha256(part) + "\n");
        }
    }

    private static String sha256(Part part) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = part.getInputStream();
                OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
