package org.drover.master.dispatch;

/**
 * Who a worker process is, as the request path names it in its log lines and the request log:
 * its stable index (1..processes) and its pid.
 */
public record WorkerId(int index, long pid) {

    @Override
    public String toString() {
        return "worker " + index + " (pid: " + pid + ")";
    }
}
