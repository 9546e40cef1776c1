package io.synclane.common.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Group commit: items that threads submit while a batch is being written wait and are written together in the
 * next one, one transaction for many jobs instead of one each. A caller gets its own item's result, or the
 * failure of the batch it was in; a batch that fails is written again item by item, so one bad item fails
 * only its own caller. Under light load a batch is one item and costs what writing it alone did.
 *
 * @param <I> what a caller submits
 * @param <O> what it gets back; {@code writeBatch} returns one per item, in the items' order
 */
public final class GroupCommitter<I, O> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final Function<List<I>, List<O>> writeBatch;
    private final int maxBatch;
    /** Told each batch's size as it is written (a metric). */
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    public GroupCommitter(String name, int maxBatch, Function<List<I>, List<O>> writeBatch) {
        this(name, maxBatch, writeBatch, size -> {
        });
    }

    public GroupCommitter(String name, int maxBatch, Function<List<I>, List<O>> writeBatch, IntConsumer batchSizes) {
        this.batchSizes = batchSizes;
        this.writeBatch = writeBatch;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::writeLoop, name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Blocks until the batch holding the item is written; rethrows that write's failure. */
    public O submit(I item) throws InterruptedException {
        try {
            return submitAsync(item).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The item's result once the batch holding it is written, without a thread waiting for it (completed on the
     * writer's thread, or with that write's failure).
     */
    public CompletableFuture<O> submitAsync(I item) {
        if (!open) {
            return CompletableFuture.failedFuture(new IllegalStateException("shutting down"));
        }
        Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        return pending.result();
    }

    private void writeLoop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (open || !queue.isEmpty()) {
            Pending<I, O> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            batchSizes.accept(batch.size());
            write(batch);
            batch.clear();
        }
        // A caller that submitted while the writer stopped must not wait forever.
        for (Pending<I, O> late; (late = queue.poll()) != null; ) {
            late.result().completeExceptionally(new IllegalStateException("shutting down"));
        }
    }

    private void write(List<Pending<I, O>> batch) {
        try {
            List<O> results = writeBatch.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            LOG.debugf("a batch of %d failed (%s); writing its items one by one", batch.size(), e);
            for (Pending<I, O> pending : batch) {
                write(List.of(pending));
            }
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
