package org.drover.master.supervise;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Turns the signals an operator sends into supervisor events; the handlers do nothing else.
 * SIGHUP reloads, SIGTTIN and SIGTTOU add and remove a worker (the commands {@code drover ctl}
 * has for them), SIGTERM and SIGINT stop.
 */
public final class Signals {

    private Signals() {}

    public static void install(Consumer<SupervisorEvent> events) {
        command(events, "HUP", Operation.RELOAD);
        command(events, "TTIN", Operation.ADD_WORKER);
        command(events, "TTOU", Operation.REMOVE_WORKER);
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(
                    new sun.misc.Signal(name), signal -> events.accept(new SupervisorEvent.Stop("SIG" + name)));
        }
    }

    private static void command(Consumer<SupervisorEvent> events, String name, Operation command) {
        sun.misc.Signal.handle(
                new sun.misc.Signal(name),
                signal -> events.accept(new SupervisorEvent.Operate("SIG" + name, command, new CompletableFuture<>())));
    }
}
