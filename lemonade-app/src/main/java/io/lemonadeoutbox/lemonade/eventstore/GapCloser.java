package io.lemonadeoutbox.lemonade.eventstore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the gaps no transaction can still commit into, as soon as it can prove it (the proof is in the migration
 * {@code V2__given_up_gaps.sql}), rather than keeping them until the gap timeout. Why it matters: every event read
 * carries its own copy of the token, gaps and all, so a storm of ten thousand rolled-back appends would keep ten
 * thousand gaps in each of thousands of tokens in memory for the whole gap timeout, and run the publisher out of
 * heap. Gaps still alive (a slow transaction) stay gaps; the gap timeout stays as the last resort behind this.
 */
public final class GapCloser {

    /** How many gaps make closing urgent: a storm of dead ones, each copied into every token read after it. */
    static final int MANY_GAPS = 64;
    /**
     * A gap younger than this is almost always an insert still on its way to commit; it is not probed yet, even in a
     * storm: an insert given up between taking its index and reaching the trigger is refused (and retried), which a
     * busy machine made happen to the campaign's own storms when new gaps were probed at once.
     */
    static final Duration PROBE_AFTER = Duration.ofMillis(250);
    /** A gap found alive (a slow transaction) is not probed again sooner than this, or this when there are many. */
    static final Duration REPROBE_AFTER = Duration.ofSeconds(1);
    static final Duration REPROBE_MANY_AFTER = Duration.ofMillis(100);
    /** Long after the gap timeout, a remembered gap is either given up or filled: forget it. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(GapCloser.class);

    private final DataSource dataSource;
    private final LongSupplier nanoTime;
    private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastProbed = new ConcurrentHashMap<>();
    private final Set<Long> givenUp = ConcurrentHashMap.newKeySet();
    private volatile long lastForgotten;

    public GapCloser(DataSource dataSource) {
        this(dataSource, System::nanoTime);
    }

    GapCloser(DataSource dataSource, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
        this.lastForgotten = nanoTime.getAsLong();
    }

    /** The token without the gaps that are given up, probing the ones old enough to be worth a look. */
    GapAwareTrackingToken withoutDeadGaps(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return token;
        }
        long now = nanoTime.getAsLong();
        forgetOld(now);
        boolean many = token.getGaps().size() > MANY_GAPS;
        long reprobe = (many ? REPROBE_MANY_AFTER : REPROBE_AFTER).toNanos();
        List<Long> candidates = new ArrayList<>();
        for (Long gap : token.getGaps()) {
            long seen = firstSeen.computeIfAbsent(gap, unseen -> now);
            if (!givenUp.contains(gap) && now - seen >= PROBE_AFTER.toNanos()
                    && now - lastProbed.getOrDefault(gap, now - reprobe) >= reprobe) {
                candidates.add(gap);
            }
        }
        if (!candidates.isEmpty()) {
            candidates.forEach(gap -> lastProbed.put(gap, now));
            givenUp.addAll(giveUp(candidates));
        }
        if (token.getGaps().stream().noneMatch(givenUp::contains)) {
            return token; // the usual case on every read: no copy of the gaps
        }
        TreeSet<Long> alive = new TreeSet<>(token.getGaps());
        alive.removeIf(givenUp::contains);
        return GapAwareTrackingToken.newInstance(token.getIndex(), alive);
    }

    /**
     * Gives up those of the given indexes that no transaction can still commit into, and answers every one of them
     * that is given up now or was before (by this instance or another).
     */
    public Set<Long> giveUp(Collection<Long> gaps) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Long[] candidates = gaps.toArray(Long[]::new);
                List<Long> locked = longs(connection, """
                        select g from unnest(?::bigint[]) g where pg_try_advisory_xact_lock(7, (g % 512)::int)""",
                        candidates);
                // A new statement, so a new snapshot taken after the locks: a transaction that committed into one
                // of these indexes before we got its bucket is visible here.
                try (PreparedStatement giveUp = connection.prepareStatement("""
                        insert into given_up_index (global_index)
                        select g from unnest(?::bigint[]) g
                         where not exists (select 1 from domain_event_entry e where e.global_index = g)
                        on conflict do nothing""")) {
                    giveUp.setArray(1, connection.createArrayOf("bigint", locked.toArray()));
                    giveUp.executeUpdate();
                }
                Set<Long> answer = Set.copyOf(longs(connection,
                        "select global_index from given_up_index where global_index = any(?::bigint[])", candidates));
                connection.commit();
                if (!answer.isEmpty()) {
                    log.debug("Gave up {} of {} gaps no transaction can commit into any more", answer.size(),
                            candidates.length);
                }
                return answer;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new EventStoreException("could not check which gaps no transaction can commit into", e);
        }
    }

    private static List<Long> longs(Connection connection, String sql, Long[] parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("bigint", parameter);
            query.setArray(1, array);
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
            return values;
        }
    }

    private void forgetOld(long now) {
        if (now - lastForgotten < FORGET_AFTER.toNanos()) {
            return;
        }
        lastForgotten = now;
        firstSeen.entrySet().removeIf(seen -> {
            boolean old = now - seen.getValue() > FORGET_AFTER.toNanos();
            if (old) {
                lastProbed.remove(seen.getKey());
                givenUp.remove(seen.getKey());
            }
            return old;
        });
    }
}
