package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.stack.campaign.Operation.Kind;
import io.lemonadeoutbox.stack.campaign.Operation.Order;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the whole history against what the two databases hold once the pipeline is quiet. The stand's store of
 * committed events (lemonade-app's event store, lemonade-peer's event publication registry) is the truth for
 * requests that got no answer: such a sale is committed if and only if its event is there.
 */
final class Checker {

    record StoredSale(int sold, int refunded) {
    }

    record CardRow(String saleId, String customerName, String customerEmail, int cups, boolean refunded) {
    }

    /** @param appliedBefore its event id was in the inbox before it was dead-lettered: a re-delivery taken as new */
    record DeadLetter(String key, String reason, boolean appliedBefore) {
    }

    /**
     * What the databases held when the checker looked.
     *
     * @param events            sold and refunded events per sale in the stand's store of what was committed
     * @param refundsBeforeSale sales whose SaleRefunded reached the thank-you inbox before their LemonadeSold
     * @param republished       sales a topic loss's republish may have reordered ({@link RepublishWindow}): the
     *                          consumer is built for that (pending refund)
     */
    record Stores(Map<String, StoredSale> events, Map<String, List<CardRow>> cards, List<DeadLetter> deadLetters,
                  AuditReport audit, Set<String> refundsBeforeSale, Set<String> republished) {

        Stores(Map<String, StoredSale> events, Map<String, List<CardRow>> cards, List<DeadLetter> deadLetters,
               AuditReport audit) {
            this(events, cards, deadLetters, audit, Set.of(), Set.of());
        }
    }

    private Checker() {
    }

    /** @param republished what each topic loss's republish sent again */
    static Stores read(AuditSources databases, Stand stand, List<RepublishWindow> republished) throws SQLException {
        Map<String, StoredSale> events;
        Map<String, List<CardRow>> cards = new HashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        Set<String> refundsFirst = new HashSet<>();
        Set<String> reorderable;
        try (Connection lemonade = connect(databases.lemonadeJdbcUrl(), databases);
             Connection thankyou = connect(databases.thankyouJdbcUrl(), databases)) {
            events = stand.committedSales(lemonade);
            reorderable = republished.isEmpty() ? Set.of() : stand.reorderableBy(lemonade, republished);
            try (PreparedStatement query = thankyou.prepareStatement(
                    "select sale_id, customer_name, customer_email, cups, refunded from card");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    CardRow card = new CardRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getBoolean(5));
                    cards.computeIfAbsent(card.saleId(), sale -> new ArrayList<>()).add(card);
                }
            }
            try (PreparedStatement query = thankyou.prepareStatement("""
                    select d.record_key, d.reason, exists (select 1 from inbox i
                        where i.event_id = (select h ->> 'text' from jsonb_array_elements(d.headers) h
                                            where h ->> 'name' = 'axon-message-id' limit 1)
                          and i.received_at < d.dead_lettered_at)
                    from dead_letter d""");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    deadLetters.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
                }
            }
            // received_at is the consumer's transaction time, shared by a poll's records: within one, the offset
            // (same key, same partition) tells which came first
            try (PreparedStatement query = thankyou.prepareStatement("""
                    select distinct sold.sale_id from inbox sold join inbox refund on refund.sale_id = sold.sale_id
                    where sold.event_type like '%.LemonadeSold' and refund.event_type like '%.SaleRefunded'
                      and (refund.received_at < sold.received_at
                           or (refund.received_at = sold.received_at and refund.topic = sold.topic
                               and refund.kafka_partition = sold.kafka_partition
                               and refund.kafka_offset < sold.kafka_offset))""");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    refundsFirst.add(rows.getString(1));
                }
            }
        }
        return new Stores(events, cards, deadLetters, stand.audit(databases), refundsFirst, reorderable);
    }

    /**
     * Counted, not judged: which committed sales have no card or more than one, which got their refund before their
     * sale (thankyou-service keeps such a refund and applies it with the card, so the card ends right; the order on
     * the wire was wrong), and whose card's refund state is not the store's. Per fault kind in the report.
     */
    static Findings findings(List<Operation> operations, Stores stores) {
        List<String> missing = new ArrayList<>();
        List<String> duplicate = new ArrayList<>();
        List<String> unreflected = new ArrayList<>();
        Set<String> committed = committed(operations, stores.events());
        for (String saleId : committed) {
            List<CardRow> saleCards = stores.cards().getOrDefault(saleId, List.of());
            if (saleCards.isEmpty()) {
                missing.add(saleId);
            } else if (saleCards.size() > 1) {
                duplicate.add(saleId);
            } else if (saleCards.get(0).refunded()
                    != stores.events().getOrDefault(saleId, new StoredSale(0, 0)).refunded() > 0) {
                unreflected.add(saleId);
            }
        }
        List<String> outOfOrder = committed.stream().filter(stores.refundsBeforeSale()::contains).toList();
        return new Findings(missing, duplicate, outOfOrder, unreflected);
    }

    /** Sale ids per kind of card finding (see {@link #findings}). */
    record Findings(List<String> missing, List<String> duplicate, List<String> outOfOrder, List<String> unreflected) {
    }

    private static Set<String> committed(List<Operation> operations, Map<String, StoredSale> events) {
        Map<String, List<Operation>> sells = new LinkedHashMap<>();
        for (Operation operation : operations) {
            if (operation.kind().sells()) {
                sells.computeIfAbsent(operation.saleId(), id -> new ArrayList<>()).add(operation);
            }
        }
        Set<String> committed = new LinkedHashSet<>();
        sells.forEach((saleId, sent) -> {
            if (sent.stream().anyMatch(Operation::accepted) || sold(events, saleId) > 0) {
                committed.add(saleId);
            }
        });
        return committed;
    }

    static List<Check> check(List<Operation> operations, Stores stores, List<String> poisonKeys,
                             Set<String> poisonKeysMustPark) {
        return check(operations, stores, poisonKeys, poisonKeysMustPark, "the event store");
    }

    /**
     * @param poisonKeys          every poison record the nemesis wrote
     * @param poisonKeysMustPark those written after the topic was last recreated (earlier ones may have gone with it)
     */
    static List<Check> check(List<Operation> operations, Stores stores, List<String> poisonKeys,
                             Set<String> poisonKeysMustPark, String store) {
        Map<String, StoredSale> events = stores.events();
        Map<String, List<CardRow>> cards = stores.cards();
        Map<String, Order> orders = new LinkedHashMap<>();
        Map<String, List<Operation>> sells = new LinkedHashMap<>();
        for (Operation operation : operations) {
            if (operation.kind().sells()) {
                orders.putIfAbsent(operation.saleId(), operation.order());
                sells.computeIfAbsent(operation.saleId(), id -> new ArrayList<>()).add(operation);
            }
        }
        List<Check> checks = new ArrayList<>();

        List<String> notRecorded = new ArrayList<>();
        long acceptedSells = 0;
        for (Operation operation : operations) {
            if (operation.kind().sells() && operation.accepted()) {
                acceptedSells++;
                if (sold(events, operation.saleId()) != 1) {
                    notRecorded.add(operation.saleId() + " answered " + operation.status() + " by "
                            + operation.instance() + ", " + sold(events, operation.saleId()) + " LemonadeSold stored");
                }
            }
        }
        checks.add(Check.of("every sale answered 201/200 is in " + store + ", once", acceptedSells, notRecorded));

        List<String> twiceCreated = new ArrayList<>();
        sells.forEach((saleId, sent) -> {
            long created = sent.stream().filter(operation -> operation.status() == 201).count();
            if (created > 1) {
                twiceCreated.add(saleId + " answered 201 " + created + " times");
            }
        });
        checks.add(Check.of("no sale answered 201 twice (identical retries to both instances)", sells.size(),
                twiceCreated));

        Set<String> committed = committed(operations, events);
        List<String> notOneCard = new ArrayList<>();
        List<String> wrongContent = new ArrayList<>();
        for (String saleId : committed) {
            List<CardRow> saleCards = cards.getOrDefault(saleId, List.of());
            if (saleCards.size() != 1) {
                notOneCard.add(saleId + " has " + saleCards.size() + " cards");
                continue;
            }
            CardRow card = saleCards.get(0);
            Order order = orders.get(saleId);
            if (!card.customerName().equals(order.cardName()) || !card.customerEmail().equals(order.customerEmail())
                    || card.cups() != order.cups()) {
                wrongContent.add(saleId + ": ordered " + order.cardName() + " <" + order.customerEmail() + "> "
                        + order.cups() + " cups, card says " + card.customerName() + " <" + card.customerEmail()
                        + "> " + card.cups() + " cups");
            }
        }
        checks.add(Check.of("every committed sale has exactly one card", committed.size(), notOneCard));
        checks.add(Check.of("each card says what was ordered (name, email, cups)",
                committed.size() - notOneCard.size(), wrongContent));

        List<String> unreflected = new ArrayList<>();
        long refundsChecked = 0;
        for (String saleId : committed) {
            List<CardRow> saleCards = cards.getOrDefault(saleId, List.of());
            if (saleCards.size() != 1) {
                continue;
            }
            refundsChecked++;
            boolean refundStored = events.getOrDefault(saleId, new StoredSale(0, 0)).refunded() > 0;
            if (saleCards.get(0).refunded() != refundStored) {
                unreflected.add(saleId + (refundStored ? " refunded, card not" : " not refunded, card says so"));
            }
        }
        for (Operation operation : operations) {
            if (operation.kind() == Kind.REFUND && operation.accepted()
                    && events.getOrDefault(operation.saleId(), new StoredSale(0, 0)).refunded() == 0) {
                unreflected.add(operation.saleId() + " refund answered " + operation.status() + ", no SaleRefunded");
            }
        }
        checks.add(Check.of("each card's refund state is " + possessive(store)
                        + " (and every answered refund is stored)",
                refundsChecked, unreflected));

        List<String> refundedTwice = new ArrayList<>();
        long refundOperations = 0;
        for (Operation operation : operations) {
            if (operation.kind() == Kind.SECOND_REFUND || operation.kind() == Kind.REFUND) {
                refundOperations++;
                int stored = events.getOrDefault(operation.saleId(), new StoredSale(0, 0)).refunded();
                if (operation.kind() == Kind.SECOND_REFUND && operation.accepted()) {
                    refundedTwice.add(operation.saleId() + " second refund answered " + operation.status());
                } else if (operation.status() == 409 && stored == 0) {
                    refundedTwice.add(operation.saleId() + " refund refused as a conflict, yet never refunded");
                }
            }
        }
        events.forEach((saleId, stored) -> {
            if (stored.refunded() > 1) {
                refundedTwice.add(saleId + " has " + stored.refunded() + " SaleRefunded events");
            }
        });
        checks.add(Check.of("a sale is refunded at most once; a second refund is refused and changes nothing",
                refundOperations, refundedTwice));

        List<String> refundFirst = new ArrayList<>();
        long refundedSales = 0;
        for (String saleId : committed) {
            if (events.getOrDefault(saleId, new StoredSale(0, 0)).refunded() == 0
                    || stores.republished().contains(saleId)) {
                continue;
            }
            refundedSales++;
            if (stores.refundsBeforeSale().contains(saleId)) {
                refundFirst.add(saleId + ": its SaleRefunded reached thankyou-service before its LemonadeSold");
            }
        }
        checks.add(Check.of("a sale's refund reaches thankyou-service after its sale (but where a topic loss's "
                + "republish may reorder them)", refundedSales, refundFirst));

        List<String> orphans = new ArrayList<>();
        cards.forEach((saleId, saleCards) -> {
            if (sold(events, saleId) == 0) {
                orphans.add(saleId);
            }
        });
        Set<String> requested = new HashSet<>();
        operations.forEach(operation -> requested.add(operation.saleId()));
        events.forEach((saleId, stored) -> {
            if (stored.sold() > 0 && !requested.contains(saleId)) {
                orphans.add(saleId + " (a sale in " + store + " nobody asked for)");
            }
        });
        checks.add(Check.of("no card without a sale, no sale without a request",
                cards.size() + events.size(), orphans));

        List<String> leftSomething = new ArrayList<>();
        long rejected = 0;
        for (Operation operation : operations) {
            boolean refused = operation.kind() == Kind.INVALID
                    || (operation.kind().sells() && operation.status() / 100 == 4
                    && sells.get(operation.saleId()).stream().noneMatch(Operation::accepted));
            if (!refused) {
                continue;
            }
            rejected++;
            String saleId = operation.saleId();
            if (operation.kind() == Kind.INVALID && operation.status() / 100 == 2) {
                leftSomething.add(saleId + " (" + operation.variant() + ") was accepted: " + operation.status());
            } else if (events.containsKey(saleId) || cards.containsKey(saleId)) {
                leftSomething.add(saleId + " (" + (operation.variant() == null ? operation.kind() : operation.variant())
                        + ", answered " + operation.status() + ") left " + (events.containsKey(saleId) ? "events" : "")
                        + (cards.containsKey(saleId) ? " a card" : ""));
            }
        }
        checks.add(Check.of("every rejected request left nothing", rejected, leftSomething));

        List<String> validRefused = new ArrayList<>();
        long validAnswered = 0;
        for (Operation operation : operations) {
            if (operation.kind().sells() && operation.answered()) {
                validAnswered++;
                if (operation.status() / 100 == 4) {
                    validRefused.add(operation.saleId() + " " + operation.order().customerName() + " <"
                            + operation.order().customerEmail() + ">: " + operation.status() + " " + operation.body());
                }
            }
        }
        checks.add(Check.of("every valid sale (any script, emoji, quotes, markup) is accepted", validAnswered,
                validRefused));

        List<String> notProblems = new ArrayList<>();
        long errors = 0;
        for (Operation operation : operations) {
            if (operation.status() >= 400) {
                errors++;
                if (!operation.problemDetail()) {
                    notProblems.add(operation.saleId() + " " + operation.status() + " " + operation.contentType()
                            + " " + operation.body());
                }
            }
        }
        checks.add(Check.of("every error answer is an RFC 9457 problem detail", errors, notProblems));

        List<String> serverErrors = operations.stream().filter(operation -> operation.status() == 500)
                .map(operation -> operation.kind() + " " + operation.saleId() + " by " + operation.instance() + ": "
                        + operation.body()).toList();
        checks.add(Check.of("no answer is a 500 (an outage is a 503, a lost race is retried)", errors, serverErrors));

        List<String> wrongDeadLetters = new ArrayList<>();
        Map<String, Integer> parked = new HashMap<>();
        for (DeadLetter letter : stores.deadLetters()) {
            parked.merge(String.valueOf(letter.key()), 1, Integer::sum);
            if (!poisonKeys.contains(letter.key())) {
                wrongDeadLetters.add(letter.key() + " is not a poison record: " + abbreviate(letter.reason()));
            }
        }
        parked.forEach((key, count) -> {
            if (count > 1) {
                wrongDeadLetters.add(key + " dead-lettered " + count + " times");
            }
        });
        for (String key : poisonKeysMustPark) {
            if (!parked.containsKey(key)) {
                wrongDeadLetters.add(key + " (poison) was never dead-lettered");
            }
        }
        checks.add(Check.of("dead letters are exactly the poison records", stores.deadLetters().size(),
                wrongDeadLetters));

        List<String> redeliveredAsNew = stores.deadLetters().stream().filter(DeadLetter::appliedBefore)
                .map(letter -> letter.key() + ": " + abbreviate(letter.reason())).toList();
        checks.add(Check.of("no re-delivery of an applied event was taken as new (dead-lettered after it was applied)",
                stores.deadLetters().size(), redeliveredAsNew));

        AuditReport audit = stores.audit();
        List<String> auditFindings = new ArrayList<>();
        if (!audit.clean()) {
            auditFindings.add(audit.describe().replace('\n', ' '));
        }
        checks.add(Check.of("the audit (stack/audit) is clean", audit.sales(), auditFindings));
        return checks;
    }

    private static String possessive(String store) {
        return store + "'s";
    }

    private static int sold(Map<String, StoredSale> events, String saleId) {
        StoredSale stored = events.get(saleId);
        return stored == null ? 0 : stored.sold();
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }

    private static Connection connect(String url, AuditSources databases) throws SQLException {
        Connection connection = DriverManager.getConnection(url, databases.user(), databases.password());
        connection.setReadOnly(true);
        return connection;
    }
}
