package org.drover.master.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;
import org.drover.master.log.Console;
import org.drover.master.supervise.ServiceManager;
import org.drover.master.supervise.ServiceState;
import org.drover.master.supervise.ServiceState.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifications, received by the test as systemd would: on a real {@code AF_UNIX} datagram
 * socket the test binds, in the abstract namespace and at a path.
 */
class SystemdTest {

    private static final long PID = 4711;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(log, true, StandardCharsets.UTF_8));
    private UnixDatagramChannel systemd;

    @AfterEach
    void close() throws IOException {
        if (systemd != null) {
            systemd.close();
        }
    }

    /** Binds the socket systemd would listen on; returns its NOTIFY_SOCKET name. */
    private String listenAbstract() throws IOException {
        String name = "drover-test-" + UUID.randomUUID();
        systemd = UnixDatagramChannel.open().bind(new UnixSocketAddress("\0" + name));
        systemd.setOption(UnixSocketOptions.SO_RCVTIMEO, 5000);
        return "@" + name;
    }

    private String receive() throws IOException {
        ByteBuffer datagram = ByteBuffer.allocate(4096);
        systemd.receive(datagram);
        return StandardCharsets.UTF_8.decode(datagram.flip()).toString();
    }

    /** A server whose watchdog is 2 s, meant for the process {@code watchdogPid}. */
    private ServiceManager withWatchdog(String watchdogPid) throws IOException {
        return Systemd.fromEnvironment(
                Map.of("NOTIFY_SOCKET", listenAbstract(), "WATCHDOG_USEC", "2000000", "WATCHDOG_PID", watchdogPid),
                PID,
                () -> 0,
                console);
    }

    private static ServiceState state(Phase phase, int ready) {
        return new ServiceState(phase, ready, 2, null);
    }

    @Test
    void theLifeOfAServerIsToldInOrder() throws IOException {
        ServiceManager manager =
                Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", listenAbstract()), PID, () -> 7, console);
        long now = System.nanoTime();
        manager.turned(now, state(Phase.STARTING, 0));
        assertEquals(
                "EXTEND_TIMEOUT_USEC=15000000\nSTATUS=starting: 0/2 workers ready, 7 requests served\n", receive());
        manager.turned(now + SECOND, state(Phase.READY, 2));
        assertEquals("READY=1\nSTATUS=serving: 2/2 workers ready, 7 requests served\n", receive());

        long reloadAt = now + 2 * SECOND;
        manager.turned(reloadAt, state(Phase.RELOADING, 2));
        assertEquals(
                "RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(reloadAt)
                        + "\nSTATUS=reloading: 2/2 workers ready, 7 requests served\n",
                receive());
        manager.turned(now + 3 * SECOND, new ServiceState(Phase.READY, 2, 2, "finished (generation 2)"));
        assertEquals(
                "READY=1\nSTATUS=serving: 2/2 workers ready, 7 requests served, last reload finished (generation 2)\n",
                receive());

        manager.turned(now + 4 * SECOND, state(Phase.STOPPING, 2));
        assertEquals(
                "STOPPING=1\nEXTEND_TIMEOUT_USEC=15000000\nSTATUS=stopping: 2/2 workers ready, 7 requests served\n",
                receive());
    }

    @Test
    void theWatchdogIsFedEveryHalfIntervalFromTheLoopsTurns() throws IOException {
        ServiceManager manager = withWatchdog("4711");
        long now = System.nanoTime();
        manager.turned(now, state(Phase.READY, 2));
        assertEquals("READY=1\nSTATUS=serving: 2/2 workers ready, 0 requests served\n", receive());
        manager.turned(now + SECOND / 2, state(Phase.READY, 2)); // nothing to say yet
        manager.turned(now + SECOND, state(Phase.READY, 2));
        assertEquals("WATCHDOG=1\n", receive(), "half of WATCHDOG_USEC after the start");
        manager.turned(now + 2 * SECOND, state(Phase.READY, 2));
        assertEquals("WATCHDOG=1\n", receive());
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotFed() throws IOException {
        ServiceManager manager = withWatchdog("1");
        long now = System.nanoTime();
        manager.turned(now, state(Phase.READY, 2));
        receive();
        manager.turned(now + 10 * SECOND, state(Phase.READY, 2));
        manager.turned(now + 11 * SECOND, state(Phase.READY, 1));
        assertEquals("STATUS=serving: 1/2 workers ready, 0 requests served\n", receive(), "no WATCHDOG=1 before it");
    }

    @Test
    void aSocketAtAPathIsReachedToo(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("notify");
        systemd = UnixDatagramChannel.open().bind(new UnixSocketAddress(path.toFile()));
        systemd.setOption(UnixSocketOptions.SO_RCVTIMEO, 5000);
        ServiceManager manager =
                Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString()), PID, () -> 1, console);
        manager.turned(System.nanoTime(), state(Phase.READY, 1));
        assertEquals("READY=1\nSTATUS=serving: 1/2 workers ready, 1 requests served\n", receive());
        assertTrue(Files.exists(path));
    }

    @Test
    void withoutNotifySocketNothingIsTold() {
        assertSame(ServiceManager.NONE, Systemd.fromEnvironment(Map.of(), PID, () -> 0, console));
        assertSame(ServiceManager.NONE, Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", ""), PID, () -> 0, console));
    }

    @Test
    void anAddressItCannotReachIsSaidOnceAndIgnored() {
        assertSame(
                ServiceManager.NONE,
                Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"), PID, () -> 0, console));
        assertEquals(
                "drover: not notifying systemd: NOTIFY_SOCKET 'vsock:2:1234' is neither an absolute path nor an"
                        + " @abstract name\n",
                log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSystemdThatIsGoneIsSaidOnce() throws IOException {
        String name = listenAbstract();
        ServiceManager manager = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", name), PID, () -> 0, console);
        systemd.close();
        systemd = null;
        long now = System.nanoTime();
        manager.turned(now, state(Phase.READY, 2));
        manager.turned(now + 2 * SECOND, state(Phase.STOPPING, 2));
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("drover: cannot notify systemd: "), said);
        assertEquals(1, said.lines().count(), said);
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.open("relative/path"));
    }
}
