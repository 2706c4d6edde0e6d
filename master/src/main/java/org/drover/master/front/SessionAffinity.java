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
            for (String cookie : header.split(";")) {
                int equals = cookie.indexOf('=');
                if (equals > 0 && cookie.substring(0, equals).strip().equals(COOKIE)) {
                    int index = index(cookie.substring(equals + 1).strip());
                    if (index > 0) {
                        return index;
                    }
                }
            }
        }
        return 0;
    }

    /** The N of a value ending in {@code .wN}, or 0. */
    private static int index(String value) {
        int dot = value.lastIndexOf(".w");
        if (dot < 0 || dot + 2 == value.length() || value.length() - dot - 2 > 5) {
            return 0;
        }
        int index = 0;
        for (int i = dot + 2; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }
}
