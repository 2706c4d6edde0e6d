package org.drover.master.front;

import java.util.List;

/**
 * Which worker a request's servlet session lives in, read from its {@code JSESSIONID} cookie. The
 * servlet container of worker N names itself {@code wN} in its session ids, as Jetty's worker
 * name (the {@code jvmRoute} of Tomcat and mod_jk): {@code JSESSIONID=node0abc.w2}. A session is
 * in one worker's memory only, so the dispatcher sends such a request to that worker when it has
 * an idle slot.
 */
final class SessionAffinity {

    private static final String COOKIE = "JSESSIONID";

    private SessionAffinity() {}

    /**
     * The worker index of the first {@code JSESSIONID} cookie that names one, or 0 for none.
     *
     * @param cookieHeaders the values of the request's {@code Cookie} headers
     */
    static int worker(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            int index = worker(header);
            if (index > 0) {
                return index;
            }
        }
        return 0;
    }

    /** The worker index of the first {@code JSESSIONID} of one {@code Cookie} header, or 0; allocates nothing. */
    static int worker(String header) {
        for (int start = 0; start < header.length(); ) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            int name = start;
            while (name < end && header.charAt(name) == ' ') {
                name++;
            }
            int value = name + COOKIE.length() + 1;
            if (header.startsWith(COOKIE, name) && value <= end && header.charAt(value - 1) == '=') {
                int index = index(header, value, end);
                if (index > 0) {
                    return index;
                }
            }
            start = end + 1;
        }
        return 0;
    }

    /** The N of a value ({@code header[from, to)}, spaces around it ignored) ending in {@code .wN}, or 0. */
    private static int index(String header, int from, int to) {
        while (to > from && header.charAt(to - 1) == ' ') {
            to--;
        }
        int dot = header.lastIndexOf(".w", to - 1);
        if (dot < from || dot + 2 == to || to - dot - 2 > 5) {
            return 0;
        }
        int index = 0;
        for (int i = dot + 2; i < to; i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }
}
