package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.lemonade.LemonadeApplication;
import io.lemonadeoutbox.lemonade.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Pitfall 2: the app refuses to run where a transaction could outlive the publisher's gap timeout. */
class TransactionTimeoutGuardIT {

    @ParameterizedTest(name = "transaction_timeout = {0}")
    @ValueSource(strings = {"0", "50s", "5min"})
    void refusesToStartWhenTransactionsCanOutliveTheGapTimeout(String timeout) throws Exception {
        String database = databaseWithTransactionTimeout(timeout);

        assertThatThrownBy(() -> start(database).close())
                .rootCause()
                .hasMessageContaining("transaction_timeout")
                .hasMessageContaining("must be between 1ms and 45s");
    }

    @ParameterizedTest(name = "transaction_timeout = {0}")
    @ValueSource(strings = {"30s", "45s"})
    void startsWhenTransactionsAreAbortedSafelyBeforeTheGapTimeout(String timeout) throws Exception {
        String database = databaseWithTransactionTimeout(timeout);
        try (ConfigurableApplicationContext app = start(database)) {
            assertThat(app.isRunning()).isTrue();
        }
    }

    private static String databaseWithTransactionTimeout(String timeout) throws Exception {
        Postgres postgres = RealServers.INFRA.postgres();
        String database = RealServers.uniqueName("lemonade_guard");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                postgres.password()); Statement statement = connection.createStatement()) {
            statement.execute("alter database " + database + " set transaction_timeout = '" + timeout + "'");
        }
        return database;
    }

    private static ConfigurableApplicationContext start(String database) {
        Postgres postgres = RealServers.INFRA.postgres();
        return new SpringApplicationBuilder(LemonadeApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(database),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + RealServers.INFRA.kafka().bootstrapServers(),
                "--lemonade.publishing.topic=lemonade.sales." + database);
    }
}
