package io.synclane.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    @Test
    void itemsSubmittedWhileABatchIsWrittenGoIntoTheNextBatchAndEachCallerGetsItsOwnResult() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        try (GroupCommitter<Integer, String> committer = new GroupCommitter<>("test", 64, items -> {
            batchSizes.add(items.size());
            firstBatchStarted.countDown();
            await(othersQueued);
            return items.stream().map(i -> "done " + i).toList();
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(11);
            Future<String> first = callers.submit(() -> committer.submit(0));
            firstBatchStarted.await();
            List<Future<String>> rest = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int item = i;
                rest.add(callers.submit(() -> committer.submit(item)));
            }
            Thread.sleep(200); // the ten are queued behind the batch being written
            othersQueued.countDown();

            assertEquals("done 0", first.get());
            for (int i = 1; i <= 10; i++) {
                assertEquals("done " + i, rest.get(i - 1).get());
            }
            assertEquals(List.of(1, 10), batchSizes, "the ten waiting callers were written as one batch");
            callers.shutdown();
        }
    }

    @Test
    void aFailedBatchIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        try (GroupCommitter<Integer, Integer> committer = new GroupCommitter<>("test", 64, items -> {
            await(queued);
            if (items.contains(13)) {
                throw new IllegalArgumentException("13 is unlucky");
            }
            return items.stream().map(i -> i * 2).toList();
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            Future<Integer> blocker = callers.submit(() -> committer.submit(1));
            Thread.sleep(100);
            Future<Integer> good = callers.submit(() -> committer.submit(2));
            Future<Integer> bad = callers.submit(() -> committer.submit(13));
            Future<Integer> alsoGood = callers.submit(() -> committer.submit(3));
            Thread.sleep(200);
            queued.countDown();

            assertEquals(2, blocker.get());
            assertEquals(4, good.get());
            assertEquals(6, alsoGood.get());
            Exception failure = assertThrows(Exception.class, bad::get);
            assertTrue(failure.getCause() instanceof IllegalArgumentException, failure.toString());
            callers.shutdown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
