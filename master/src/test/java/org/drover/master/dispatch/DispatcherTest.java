package org.drover.master.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slots and the bounded queue: who gets which slot, when a request waits, and when it is refused. */
class DispatcherTest {

    private static WorkerConnection worker(int threads) {
        return worker(1, threads);
    }

    private static WorkerConnection worker(int index, int threads) {
        return new WorkerConnection(new WorkerId(index, index), new WorkerCounters(), null, null, null, null, threads);
    }

    private static Exchange exchange() {
        return exchange(0);
    }

    private static Exchange exchange(int affinity) {
        try {
            byte[] vars = org.drover.wire.UwsgiPacket.builder()
                    .add("REQUEST_METHOD", "GET")
                    .build();
            return new Exchange(null, vars, RequestBody.EMPTY, affinity, null, Runnable::run);
        } catch (org.drover.wire.WireException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLeastBusyWorkerGetsTheNextRequest() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection a = worker(2);
        WorkerConnection b = worker(2);
        dispatcher.addWorker(a);
        dispatcher.addWorker(b);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Exchange exchange = exchange();
            assertEquals(Dispatcher.Outcome.ASSIGNED, dispatcher.submit(exchange));
            exchanges.add(exchange);
        }
        assertNotSame(
                exchanges.get(0).slot().worker(),
                exchanges.get(1).slot().worker(),
                "the second request goes to the idle worker");
        assertEquals(2, dispatcher.exchangesOn(a).size());
        assertEquals(2, dispatcher.exchangesOn(b).size());
    }

    @Test
    void aRequestGoesToTheWorkerOfItsSessionWhileThatWorkerHasAnIdleSlot() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection one = worker(1, 2);
        WorkerConnection two = worker(2, 2);
        dispatcher.addWorker(one);
        dispatcher.addWorker(two);
        Exchange first = exchange(2);
        Exchange second = exchange(2);
        Exchange third = exchange(2);
        dispatcher.submit(first);
        dispatcher.submit(second);
        dispatcher.submit(third);
        assertSame(two, first.slot().worker());
        assertSame(two, second.slot().worker(), "to its worker, though the other is less busy");
        assertSame(one, third.slot().worker(), "its worker is full: any other, rather than wait");
        Exchange unknown = exchange(7);
        dispatcher.submit(unknown);
        assertSame(one, unknown.slot().worker(), "a worker that is not there: any");
    }

    @Test
    void requestsQueueUpToListenThenAreRefused() {
        Dispatcher dispatcher = new Dispatcher(2);
        dispatcher.addWorker(worker(1));
        assertEquals(Dispatcher.Outcome.ASSIGNED, dispatcher.submit(exchange()));
        assertEquals(Dispatcher.Outcome.QUEUED, dispatcher.submit(exchange()));
        assertEquals(Dispatcher.Outcome.QUEUED, dispatcher.submit(exchange()));
        assertEquals(Dispatcher.Outcome.REFUSED, dispatcher.submit(exchange()));
        assertEquals(2, dispatcher.queued());
    }

    @Test
    void aReleasedSlotGoesToTheOldestQueuedRequest() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection worker = worker(1);
        dispatcher.addWorker(worker);
        Exchange running = exchange();
        Exchange first = exchange();
        Exchange second = exchange();
        dispatcher.submit(running);
        dispatcher.submit(first);
        dispatcher.submit(second);
        MasterSlot slot = running.slot();

        assertSame(first, dispatcher.release(slot));
        assertSame(first, slot.exchange());
        assertSame(slot, first.slot());
        assertSame(second, dispatcher.release(slot));
        assertNull(dispatcher.release(slot), "nothing waits: the slot becomes idle");
        assertNull(slot.exchange());
        assertTrue(dispatcher.exchangesOn(worker).isEmpty());
        assertEquals(Dispatcher.Outcome.ASSIGNED, dispatcher.submit(exchange()));
    }

    @Test
    void aNewWorkerTakesTheQueuedRequests() {
        Dispatcher dispatcher = new Dispatcher(10);
        Exchange waiting = exchange();
        assertEquals(Dispatcher.Outcome.QUEUED, dispatcher.submit(waiting));
        List<Exchange> started = dispatcher.addWorker(worker(2));
        assertEquals(List.of(waiting), started);
        assertTrue(waiting.slot() != null);
        assertEquals(0, dispatcher.queued());
    }

    @Test
    void aLostWorkerGivesBackItsRequestsAndTheQueueWaitsForAnother() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection dead = worker(1);
        dispatcher.addWorker(dead);
        Exchange running = exchange();
        Exchange queued = exchange();
        dispatcher.submit(running);
        dispatcher.submit(queued);

        dead.stopAccepting();
        assertEquals(List.of(running), dispatcher.removeWorker(dead));
        assertEquals(1, dispatcher.queued(), "the queued request stays for the other workers");
        assertNull(dispatcher.release(running.slot()), "a late release does not revive the dead worker");

        WorkerConnection replacement = worker(1);
        assertEquals(List.of(queued), dispatcher.addWorker(replacement));
        assertSame(replacement, queued.slot().worker());
    }

    @Test
    void aWorkerWhoseConnectionClosedIsNotPutInService() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection closed = worker(2);
        closed.stopAccepting();
        dispatcher.addWorker(closed);
        assertEquals(Dispatcher.Outcome.QUEUED, dispatcher.submit(exchange()));
    }

    @Test
    void aDrainingWorkerGetsNoNewRequests() {
        Dispatcher dispatcher = new Dispatcher(10);
        WorkerConnection draining = worker(2);
        WorkerConnection serving = worker(1);
        dispatcher.addWorker(draining);
        dispatcher.addWorker(serving);
        draining.stopAccepting();
        Exchange exchange = exchange();
        dispatcher.submit(exchange);
        assertSame(serving, exchange.slot().worker());
        assertEquals(Dispatcher.Outcome.QUEUED, dispatcher.submit(exchange()));
    }

    @Test
    void aQueuedRequestCanBeWithdrawnOnce() {
        Dispatcher dispatcher = new Dispatcher(10);
        Exchange exchange = exchange();
        dispatcher.submit(exchange);
        assertTrue(dispatcher.withdraw(exchange));
        assertEquals(false, dispatcher.withdraw(exchange));
        assertEquals(List.of(), dispatcher.addWorker(worker(1)));
    }

    @Test
    void packingSendsEachRequestToTheWorkerReadyLongestThatHasAnIdleSlot() {
        Dispatcher dispatcher = new Dispatcher(10, true);
        WorkerConnection a = worker(1, 2);
        WorkerConnection b = worker(2, 2);
        dispatcher.addWorker(a);
        dispatcher.addWorker(b);
        Exchange first = exchange();
        dispatcher.submit(first);
        Exchange second = exchange();
        dispatcher.submit(second);
        assertSame(a, first.slot().worker());
        assertSame(a, second.slot().worker(), "the second request packs onto the same worker");
        assertTrue(dispatcher.idleSince(b) > 0, "the other worker stays idle");
        assertEquals(-1, dispatcher.idleSince(a));
        Exchange third = exchange();
        dispatcher.submit(third);
        assertSame(b, third.slot().worker(), "a full worker overflows to the next");
        assertEquals(-1, dispatcher.idleSince(b));
        dispatcher.release(third.slot());
        assertTrue(dispatcher.idleSince(b) > 0, "idle again once its last request ends");
        Exchange fourth = exchange();
        dispatcher.submit(fourth);
        assertSame(b, fourth.slot().worker(), "a worker's one idle slot still packs");
        dispatcher.release(first.slot());
        Exchange fifth = exchange();
        dispatcher.submit(fifth);
        assertSame(a, fifth.slot().worker(), "a slot freed on the older worker is taken first");
    }

    @Test
    void theLoadCountsThePeakHeldAndTheSlotTime() throws InterruptedException {
        Dispatcher dispatcher = new Dispatcher(10, true);
        WorkerConnection a = worker(1, 2);
        dispatcher.addWorker(a);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Exchange exchange = exchange();
            dispatcher.submit(exchange);
            exchanges.add(exchange);
        }
        dispatcher.release(exchanges.get(0).slot()); // the slot goes to a queued exchange
        Thread.sleep(20);
        Occupancy.Sample load = dispatcher.sample();
        assertEquals(5, load.peak(), "two on slots and three queued at once");
        assertEquals(2, load.queued());
        assertTrue(load.slotNanos() >= 2 * 20_000_000L, "two slots in service for 20 ms: " + load.slotNanos());
        assertTrue(
                load.slotNanos() - load.busySlotNanos() < 5_000_000L,
                "both busy all but the first moment: " + load.busySlotNanos() + " of " + load.slotNanos());
        assertEquals(4, dispatcher.sample().peak(), "the next peak starts from what is held now");
    }
}
