package org.drover.master.statics;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.http.ByteRange;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpDateTime;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The answer to a request for a file found: {@code 200}, a {@code 206} for one satisfiable
 * {@code bytes} range (several get the whole file, as RFC 9110 allows; another unit is ignored),
 * {@code 416} for none (Jetty's {@link ByteRange} reads the header, as its ResourceHandler does),
 * or {@code 304} when {@code If-None-Match} or {@code If-Modified-Since} says the client has it;
 * with the file's type, length, {@code ETag}, {@code Last-Modified}, the encoding of a
 * precompressed variant and {@code Vary}, and the {@code Expires} and {@code Cache-Control} of the
 * rules, which the lookup matched once for the file.
 *
 * @param offset where the body starts in the file
 * @param length how many bytes of it are sent; 0 for a {@code HEAD}, {@code 304} or {@code 416}
 */
record FileAnswer(ResponseHead head, long offset, long length) {

    /**
     * @param attributes the served file's, read once it was opened
     * @param headers the request's headers by name
     * @param now the time {@code Expires} counts from
     */
    static FileAnswer of(
            Lookup.Found found,
            BasicFileAttributes attributes,
            String method,
            UnaryOperator<String> headers,
            Instant now) {
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size)
                + (found.encoding() == null ? "" : "-" + found.encoding()) + "\"";
        String lastModified = DateGenerator.formatDate(modified);
        List<String> fields = new ArrayList<>(20);
        fields.add("ETag");
        fields.add(etag);
        fields.add("Last-Modified");
        fields.add(lastModified);
        if (found.variants()) {
            fields.add("Vary");
            fields.add("Accept-Encoding");
        }
        if (found.expiresSeconds() != null) {
            fields.add("Expires");
            fields.add(DateGenerator.formatDate(now.plusSeconds(found.expiresSeconds())));
        }
        if (found.cacheControl() != null) {
            fields.add("Cache-Control");
            fields.add(found.cacheControl());
        }
        if (notModified(headers, etag, modified)) {
            return new FileAnswer(new ResponseHead(304, "Not Modified", fields), 0, 0);
        }
        fields.add("Content-Type");
        fields.add(found.type());
        if (found.encoding() != null) {
            fields.add("Content-Encoding");
            fields.add(found.encoding());
        }
        fields.add("Accept-Ranges");
        fields.add("bytes");
        boolean head = "HEAD".equals(method);
        String range = headers.apply("Range");
        if (range != null
                && !head
                && range.regionMatches(true, 0, "bytes=", 0, 6)
                && ifRange(headers.apply("If-Range"), etag, lastModified)) {
            List<ByteRange> ranges = ByteRange.parse(List.of(range), size);
            if (ranges.isEmpty()) {
                fields.addAll(
                        List.of("Content-Range", ByteRange.toNonSatisfiableHeaderValue(size), "Content-Length", "0"));
                return new FileAnswer(new ResponseHead(416, HttpStatus.getMessage(416), fields), 0, 0);
            }
            if (ranges.size() == 1) {
                ByteRange one = ranges.get(0);
                fields.addAll(List.of(
                        "Content-Range", one.toHeaderValue(size), "Content-Length", Long.toString(one.getLength())));
                return new FileAnswer(new ResponseHead(206, "Partial Content", fields), one.first(), one.getLength());
            }
        }
        fields.add("Content-Length");
        fields.add(Long.toString(size));
        return new FileAnswer(new ResponseHead(200, "OK", fields), 0, head ? 0 : size);
    }

    /** If-None-Match first (any of its tags, weak or strong, or *), else If-Modified-Since, by the second. */
    private static boolean notModified(UnaryOperator<String> headers, String etag, long modifiedMillis) {
        String noneMatch = headers.apply("If-None-Match");
        if (noneMatch != null) {
            for (String tag : noneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = headers.apply("If-Modified-Since");
        if (since == null) {
            return false;
        }
        long date = HttpDateTime.parseToEpoch(since.strip()); // -1 for what is not a date: no condition
        return date >= 0 && modifiedMillis / 1000 <= date / 1000;
    }

    /** Whether a Range applies: no If-Range, or one that names this very file (its ETag or its date). */
    private static boolean ifRange(String ifRange, String etag, String lastModified) {
        return ifRange == null
                || ifRange.strip().equals(etag)
                || ifRange.strip().equals(lastModified);
    }
}
