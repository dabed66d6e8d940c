package io.lemonadeoutbox.stack.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.api.StorableText;
import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.AnyText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The text rule against the store it protects: real PostgreSQL 17 through pgjdbc, into a {@code text} column like
 * the card's. PostgreSQL keeps a string exactly if and only if it has no NUL and no unpaired surrogate, and every
 * string {@link StorableText} accepts is kept exactly.
 */
class StorableTextInPostgresIT {

    private static Connection connection;

    @BeforeContainer
    static void connect() throws SQLException {
        Postgres postgres = SharedInfrastructure.get().postgres();
        connection = DriverManager.getConnection(postgres.jdbcUrl("storable_text"), postgres.username(),
                postgres.password());
        try (var statement = connection.createStatement()) {
            statement.execute("create table if not exists kept (id bigserial primary key, value text not null)");
        }
    }

    @AfterContainer
    static void disconnect() throws SQLException {
        connection.close();
    }

    @Provide
    Arbitrary<String> anyText() {
        return AnyText.strings(400);
    }

    @Property(tries = 1500)
    void postgresKeepsExactlyTheStringsWithoutNulOrUnpairedSurrogate(@ForAll("anyText") String text) {
        boolean kept = storedAndReadBack(text).filter(text::equals).isPresent();
        Statistics.collect(kept ? "kept exactly" : "refused or changed");
        Statistics.coverage(all -> {
            all.check("kept exactly").percentage(p -> p >= 10);
            all.check("refused or changed").percentage(p -> p >= 10);
        });
        assertThat(kept).as("kept exactly: %s", AnyText.describe(text))
                .isEqualTo(StorableText.Validator.postgresKeepsExactly(text));
    }

    @Property(tries = 1500)
    void everyStringTheRuleAcceptsIsKeptExactly(@ForAll("anyText") String text) {
        for (boolean lineBreaks : new boolean[] {false, true}) {
            if (StorableText.Validator.problemWith(text, lineBreaks).isEmpty()) {
                assertThat(storedAndReadBack(text)).as("accepted: %s", AnyText.describe(text)).contains(text);
            }
        }
    }

    /** What PostgreSQL returns for the stored string, or empty if it refused to store it. */
    private static Optional<String> storedAndReadBack(String text) {
        try (PreparedStatement insert = connection.prepareStatement("insert into kept (value) values (?) returning id")) {
            insert.setString(1, text);
            long id;
            try (ResultSet inserted = insert.executeQuery()) {
                inserted.next();
                id = inserted.getLong(1);
            }
            try (PreparedStatement select = connection.prepareStatement("select value from kept where id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return Optional.of(row.getString(1));
                }
            }
        } catch (SQLException refused) {
            return Optional.empty();
        }
    }
}
