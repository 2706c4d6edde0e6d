package org.drover.master;

import java.util.function.Consumer;

/** Turns the signals an operator sends into supervisor events; the handlers do nothing else. */
final class Signals {

    private Signals() {}

    static void install(Consumer<SupervisorEvent> events) {
        for (String name : new String[] {"TERM", "INT", "HUP", "TTIN", "TTOU"}) {
            sun.misc.Signal.handle(
                    new sun.misc.Signal(name), signal -> events.accept(new SupervisorEvent.Signal(name)));
        }
    }
}
