package io.synclane.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** A peer scheduler's clients: threads that enqueue jobs 0 to {@code jobs - 1} between them, each number once. */
final class PeerClients {
    private PeerClients() {
    }

    /** Returns when every job has been handed to {@code enqueue}. */
    static void enqueue(int clients, long jobs, String name, LongConsumer enqueue) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread producer = new Thread(() -> {
                for (long n = next.getAndIncrement(); n < jobs; n = next.getAndIncrement()) {
                    enqueue.accept(n);
                }
            }, name + "-client-" + i);
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
    }
}
