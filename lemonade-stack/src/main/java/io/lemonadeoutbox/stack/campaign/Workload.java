package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.campaign.Operation.Kind;
import io.lemonadeoutbox.stack.campaign.Operation.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The generator: workers each drawing operations from their own random stream (seed and worker number), sent to
 * either lemonade-app instance, every answer kept in the history. Refunds take sales that were answered as recorded;
 * second refunds take sales whose refund was answered.
 */
final class Workload implements AutoCloseable {

    private final CampaignSettings settings;
    private final List<ServiceProcess> apps;
    private final List<Shop> shops;
    private final History history;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ConcurrentLinkedDeque<String> refundable = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<String> refunded = new ConcurrentLinkedDeque<>();
    private final ExecutorService twins = Executors.newCachedThreadPool();
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>();
    private ExecutorService workers;

    Workload(CampaignSettings settings, CampaignStack stack, History history) {
        this.settings = settings;
        this.apps = stack.apps();
        this.shops = apps.stream().map(stack::shop).toList();
        this.history = history;
    }

    void start() {
        workers = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread thread = new Thread(task, "campaign-worker-" + workerThreads.size());
            workerThreads.add(thread);
            return thread;
        });
        for (int worker = 0; worker < settings.workers(); worker++) {
            int number = worker;
            workers.execute(() -> run(number));
        }
    }

    /**
     * Lets the requests in flight finish (each bounded by the request timeout). Returns one line per worker still
     * stuck after twice that, with where it is stuck: a finding for the checker, not a reason to abort the campaign.
     */
    List<String> stop() throws InterruptedException {
        stopping.set(true);
        workers.shutdown();
        List<String> stuck = new ArrayList<>();
        if (!workers.awaitTermination(Shop.REQUEST_TIMEOUT.toSeconds() * 2 + 10, TimeUnit.SECONDS)) {
            for (Thread thread : workerThreads) {
                if (thread.isAlive()) {
                    stuck.add(thread.getName() + " still running after twice the request timeout, at "
                            + String.join(" < ", Arrays.stream(thread.getStackTrace()).limit(12)
                            .map(StackTraceElement::toString).toList()));
                }
            }
            workers.shutdownNow();
        }
        twins.shutdown();
        return stuck;
    }

    private void run(int worker) {
        Random random = new Random(settings.seed() * 1_000_003L + worker);
        long n = 0;
        while (!stopping.get()) {
            n++;
            String saleId = "s" + Math.abs(settings.seed() % 100_000) + "-w" + worker + "-" + n;
            int draw = random.nextInt(100);
            List<Operation> done;
            if (draw < 36) {
                done = List.of(sell(Kind.SALE, random, saleId, new Order("Customer " + saleId, saleId + "@example.com",
                        1 + random.nextInt(20))));
            } else if (draw < 50) {
                done = List.of(sell(Kind.ODD_TEXT_SALE, random, saleId, new Order(OddText.name(random),
                        OddText.email(random, saleId), 1 + random.nextInt(20))));
            } else if (draw < 60) {
                done = twin(random, saleId);
            } else if (draw < 74) {
                done = refund(Kind.REFUND, random, refundable.pollFirst());
            } else if (draw < 80) {
                done = refund(Kind.SECOND_REFUND, random, refunded.pollFirst());
            } else {
                done = List.of(invalid(random, saleId));
            }
            for (Operation operation : done) {
                history.add(operation);
            }
            if (done.stream().anyMatch(operation -> !operation.answered())) {
                pause(100); // a refused connection comes back at once: do not spin while an instance is down
            }
        }
    }

    private Operation sell(Kind kind, Random random, String saleId, Order order) {
        int app = random.nextInt(apps.size());
        Operation operation = timed(kind, saleId, app, order, null,
                () -> shops.get(app).trySell(saleId, order.customerName(), order.customerEmail(), order.cups()));
        if (operation.accepted()) {
            refundable.addLast(saleId);
        }
        return operation;
    }

    /** The same order to both instances at the same moment: one appends it, the other finds it recorded. */
    private List<Operation> twin(Random random, String saleId) {
        Order order = random.nextBoolean()
                ? new Order("Twin " + saleId, saleId + "@example.com", 1 + random.nextInt(20))
                : new Order(OddText.name(random), OddText.email(random, saleId), 1 + random.nextInt(20));
        List<CompletableFuture<Operation>> sent = List.of(0, 1).stream()
                .map(app -> CompletableFuture.supplyAsync(() -> timed(Kind.TWIN_SALE, saleId, app, order, null,
                        () -> shops.get(app).trySell(saleId, order.customerName(), order.customerEmail(),
                                order.cups())), twins))
                .toList();
        List<Operation> answers = sent.stream().map(CompletableFuture::join).toList();
        if (answers.stream().anyMatch(Operation::accepted)) {
            refundable.addLast(saleId);
        }
        return answers;
    }

    private List<Operation> refund(Kind kind, Random random, String saleId) {
        if (saleId == null) {
            return List.of();
        }
        int app = random.nextInt(apps.size());
        Operation operation = timed(kind, saleId, app, null, null, () -> shops.get(app).tryRefund(saleId));
        if (kind == Kind.REFUND && operation.accepted()) {
            refunded.addLast(saleId);
        } else if (kind == Kind.REFUND && !operation.answered()) {
            refundable.addLast(saleId); // unknown whether it happened: a later refund is then a first or a second
        }
        return List.of(operation);
    }

    private Operation invalid(Random random, String saleId) {
        InvalidRequests.Invalid request = InvalidRequests.draw(random, saleId);
        String id = request.variant().equals("bad-sale-id") ? InvalidRequests.badId(saleId) : saleId;
        int app = random.nextInt(apps.size());
        return timed(Kind.INVALID, id, app, null, request.variant(), () -> shops.get(app).trySale(id, request.body()));
    }

    private Operation timed(Kind kind, String saleId, int app, Order order, String variant, Supplier<Answer> send) {
        long started = System.currentTimeMillis();
        Answer answer = send.get();
        long ended = System.currentTimeMillis();
        String body = answer.status() / 100 == 2 ? "" : abbreviate(answer.noAnswer() != null
                ? answer.noAnswer().toString() : answer.body());
        return new Operation(history.nextId(), kind, saleId, apps.get(app).name(), order, variant, answer.status(),
                answer.contentType(), body, started, ended);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping.set(true);
        if (workers != null) {
            workers.shutdownNow();
        }
        twins.shutdownNow();
    }
}
