package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker a session cookie names, and every cookie that names none. */
class SessionAffinityTest {

    @Test
    void theWorkerNameAtTheEndOfJsessionidIsTheWorker() {
        assertEquals(2, SessionAffinity.worker(List.of("JSESSIONID=node0abc123.w2")));
        assertEquals(12, SessionAffinity.worker(List.of("theme=dark; JSESSIONID=w12x9.w12; lang=en")));
        assertEquals(3, SessionAffinity.worker(List.of("a=b", "JSESSIONID=zz.w3")), "in any Cookie header");
        assertEquals(4, SessionAffinity.worker("a=b;  JSESSIONID=zz.w4 ;c=d"), "spaces around a cookie");
        assertEquals(5, SessionAffinity.worker("JSESSIONID=stale; JSESSIONID=ok.w5"), "the first that names one");
        assertEquals(6, SessionAffinity.worker("JSESSIONID=a.w1x;JSESSIONID=b.w6"));
    }

    @Test
    void otherCookiesAndOtherValuesNameNoWorker() {
        assertEquals(0, SessionAffinity.worker(List.of()));
        assertEquals(0, SessionAffinity.worker(List.of("SESSION=abc.w2")), "only JSESSIONID");
        assertEquals(0, SessionAffinity.worker(List.of("JSESSIONID=node0abc")), "no worker name");
        assertEquals(0, SessionAffinity.worker(List.of("JSESSIONID=abc.w")));
        assertEquals(0, SessionAffinity.worker(List.of("JSESSIONID=abc.w2x")));
        assertEquals(0, SessionAffinity.worker(List.of("JSESSIONID=abc.w9999999999")), "no overflow");
        assertEquals(0, SessionAffinity.worker(List.of("XJSESSIONID=abc.w2")));
        assertEquals(0, SessionAffinity.worker("JSESSIONIDX=abc.w2"));
        assertEquals(0, SessionAffinity.worker("JSESSIONID"));
        assertEquals(
                0, SessionAffinity.worker("theme=a.w2; JSESSIONID="), "another cookie's value is not the session's");
        assertEquals(0, SessionAffinity.worker(""));
    }
}
