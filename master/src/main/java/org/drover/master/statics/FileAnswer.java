package org.drover.master.statics;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.drover.master.config.StaticFiles;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;

/**
 * The answer to a request for a file found: {@code 200}, a {@code 206} for one satisfiable
 * {@code Range} (several ranges get the whole file, as RFC 9110 allows), {@code 416} for none,
 * or {@code 304} when {@code If-None-Match} or {@code If-Modified-Since} says the client has it;
 * with its type, length, {@code ETag}, {@code Last-Modified}, the encoding of a precompressed
 * variant and {@code Vary}, and the {@code Expires} and {@code Cache-Control} of the rules.
 *
 * @param offset where the body starts in the file
 * @param length how many bytes of it are sent; 0 for a {@code HEAD}, {@code 304} or {@code 416}
 */
record FileAnswer(ResponseHead head, long offset, long length) {

    /** IMF-fixdate, RFC 9110's: two-digit days, English names. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private static final MimeTypes MIME = new MimeTypes();

    /**
     * @param headers the request's headers by name
     * @param now the time {@code Expires} counts from
     */
    /** @param attributes the served file's, read once it was opened */
    static FileAnswer of(
            Lookup.Found found,
            BasicFileAttributes attributes,
            String method,
            UnaryOperator<String> headers,
            StaticFiles config,
            Instant now) {
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size)
                + (found.encoding() == null ? "" : "-" + found.encoding()) + "\"";
        String lastModified =
                HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(modified / 1000), ZoneOffset.UTC));
        List<String> fields = new ArrayList<>();
        fields.addAll(List.of("ETag", etag, "Last-Modified", lastModified));
        if (found.variants()) {
            fields.addAll(List.of("Vary", "Accept-Encoding"));
        }
        String name = found.file().toString();
        for (StaticFiles.Rule<Long> rule : config.expires()) {
            if (rule.pattern().matcher(name).find()) {
                fields.addAll(List.of(
                        "Expires",
                        HTTP_DATE.format(ZonedDateTime.ofInstant(now.plusSeconds(rule.value()), ZoneOffset.UTC))));
                break;
            }
        }
        for (StaticFiles.Rule<String> rule : config.cacheControl()) {
            if (rule.pattern().matcher(name).find()) {
                fields.addAll(List.of("Cache-Control", rule.value()));
                break;
            }
        }
        if (notModified(headers, etag, modified)) {
            return new FileAnswer(new ResponseHead(304, "Not Modified", fields), 0, 0);
        }
        String type = MIME.getMimeByExtension(found.file().getFileName().toString());
        fields.addAll(List.of("Content-Type", type == null ? "application/octet-stream" : type));
        if (found.encoding() != null) {
            fields.addAll(List.of("Content-Encoding", found.encoding()));
        }
        fields.addAll(List.of("Accept-Ranges", "bytes"));
        boolean head = "HEAD".equals(method);
        String range = headers.apply("Range");
        if (range != null && !head && ifRange(headers.apply("If-Range"), etag, lastModified)) {
            long[] span = span(range, size);
            if (span == UNSATISFIABLE) {
                fields.addAll(List.of("Content-Range", "bytes */" + size, "Content-Length", "0"));
                return new FileAnswer(new ResponseHead(416, HttpStatus.getMessage(416), fields), 0, 0);
            }
            if (span != null) {
                long length = span[1] - span[0] + 1;
                fields.addAll(List.of(
                        "Content-Range",
                        "bytes " + span[0] + "-" + span[1] + "/" + size,
                        "Content-Length",
                        Long.toString(length)));
                return new FileAnswer(new ResponseHead(206, "Partial Content", fields), span[0], length);
            }
        }
        fields.addAll(List.of("Content-Length", Long.toString(size)));
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
        try {
            return modifiedMillis / 1000
                    <= ZonedDateTime.parse(since.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether a Range applies: no If-Range, or one that names this very file (its ETag or its date). */
    private static boolean ifRange(String ifRange, String etag, String lastModified) {
        return ifRange == null
                || ifRange.strip().equals(etag)
                || ifRange.strip().equals(lastModified);
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /** The first and last byte of one {@code bytes=} range, UNSATISFIABLE, or null to send it all. */
    static long[] span(String range, long size) {
        String spec = range.strip();
        if (!spec.regionMatches(true, 0, "bytes=", 0, 6) || spec.indexOf(',') >= 0) {
            return null; // another unit, or several ranges: the whole file
        }
        spec = spec.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix < 0) {
                    return null; // not a valid range: ignored
                }
                if (suffix == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first < 0 || (!to.isEmpty() && Long.parseLong(to) < first)) {
                return null; // not a valid range: ignored
            }
            return first >= size ? UNSATISFIABLE : new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
