package org.drover.wire;

/**
 * Every kind of frame that passes between the master and a worker, with its one-byte code.
 * See {@code docs/protocol.md} for the payload of each.
 */
public enum FrameType {
    // master -> worker, data connection
    /** A new request on a slot: its vars and headers, see {@link RequestHead}. */
    REQUEST(1),
    /** A chunk of a body: the request's (master to worker) or the response's (worker to master). */
    BODY(2),
    /** The end of a request body, after its last byte; not sent when the master abandons the body. */
    BODY_END(3),
    /** The client went away: stop working on the slot's request. */
    CANCEL(4),

    // worker -> master, data connection
    /** The response's status line and headers. */
    HEAD(16),
    /** The slot's request is finished: one byte, {@link #END_COMPLETE} or {@link #END_FAILED}. */
    END(17),
    /** The worker consumed request-body bytes: a u32 count the master may send more of. */
    CREDIT(18),

    // both directions, control connection (slot 0)
    /** The first frame on each worker connection: who the worker is and which connection this is. */
    HELLO(32),
    /** worker -> master: the apps are loaded; UTF-8 description. */
    READY(33),
    /** worker -> master: the apps failed to load; UTF-8 message. */
    LOAD_FAILED(34),
    /** master -> worker: finish the requests in flight and exit. */
    STOP(35),
    /**
     * master -> worker: send the Java stack of the slot's request thread, or (payload byte 1) of
     * every thread; the worker answers with {@link #STACK}.
     */
    DUMP(36),
    /** worker -> master: the stack asked for by {@link #DUMP}, as UTF-8 text. */
    STACK(37),
    /** master -> worker: interrupt the slot's request thread (harakiri). */
    INTERRUPT(38),
    /** worker -> master, every second: the worker's JVM figures, see {@link WorkerStats}. */
    PING(39);

    /** {@link #END} payload: the response was sent completely. */
    public static final byte END_COMPLETE = 0;
    /** {@link #END} payload: the response broke off after its head; the master aborts the client. */
    public static final byte END_FAILED = 1;

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The byte that stands for this type on the wire. */
    public int code() {
        return code;
    }

    /** The type of this code, or {@code null} if there is none. */
    static FrameType of(int code) {
        return BY_CODE[code & 0xff];
    }
}
