package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgres17IT {

    @TempDir
    Path data;

    @Test
    void stopAndStartKeepTheRowsAndTheServerSettings() throws Exception {
        long started = System.nanoTime();
        try (EmbeddedPostgres17 postgres = EmbeddedPostgres17.start(data, 0)) {
            report("first start", started);
            String url = postgres.jdbcUrl("restart_check");
            execute(postgres, url, "CREATE TABLE sale (id text PRIMARY KEY)");
            execute(postgres, url, "INSERT INTO sale VALUES ('sale-1')");
            assertThat(query(postgres, url, "SHOW server_version_num")).startsWith("17");
            assertThat(query(postgres, url, "SHOW transaction_timeout")).isEqualTo("30s");
            assertThat(query(postgres, url, "SHOW max_connections")).isEqualTo("200");
            assertThat(query(postgres, url, "SHOW fsync")).isEqualTo("on");
            assertThat(query(postgres, url, "SHOW synchronous_commit")).isEqualTo("on");

            postgres.stop();

            assertThatThrownBy(() -> query(postgres, url, "SELECT 1")).isInstanceOf(SQLException.class);

            long restarted = System.nanoTime();
            postgres.start();
            report("restart", restarted);

            assertThat(postgres.jdbcUrl("restart_check")).isEqualTo(url);
            assertThat(query(postgres, url, "SELECT id FROM sale")).isEqualTo("sale-1");
            assertThat(query(postgres, url, "SHOW transaction_timeout")).isEqualTo("30s");
        }
    }

    @Test
    void createsADatabaseOnceWhenSeveralAppsAskAtTheSameTime() throws Exception {
        try (EmbeddedPostgres17 postgres = EmbeddedPostgres17.start(data, 0)) {
            String server = "jdbc:postgresql://localhost:" + postgres.port() + "/";
            // two Databases stand for two JVMs, which do not share the in-JVM lock
            List<Databases> apps = List.of(
                    new Databases(server, postgres.username(), postgres.password()),
                    new Databases(server, postgres.username(), postgres.password()));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Callable<String>> calls = IntStream.range(0, 8)
                        .mapToObj(i -> (Callable<String>) () -> apps.get(i % 2).jdbcUrl("thankyou"))
                        .toList();
                for (Future<String> url : threads.invokeAll(calls)) {
                    assertThat(url.get()).isEqualTo(server + "thankyou");
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(query(postgres, postgres.jdbcUrl("postgres"),
                    "SELECT count(*) FROM pg_database WHERE datname = 'thankyou'")).isEqualTo("1");
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsEndsTheOpenOnesWhileTheOthersStayUp() throws Exception {
        try (EmbeddedPostgres17 postgres = EmbeddedPostgres17.start(data, 0)) {
            String refused = postgres.jdbcUrl("refused_check");
            String other = postgres.jdbcUrl("other_check");
            try (Connection open = DriverManager.getConnection(refused, postgres.username(), postgres.password())) {
                postgres.refuseConnections("refused_check");

                assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            }
            assertThatThrownBy(() -> query(postgres, refused, "SELECT 1")).isInstanceOf(SQLException.class);
            assertThat(query(postgres, other, "SELECT 1")).isEqualTo("1");

            postgres.acceptConnections("refused_check");

            assertThat(query(postgres, refused, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void aServerLeftRunningByAKilledRunIsStoppedBeforeTheNextStart() throws Exception {
        EmbeddedPostgres17 leftover = EmbeddedPostgres17.start(data, 0);
        String url = leftover.jdbcUrl("leftover_check");
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);

        StalePostmaster.stopIfRunning(data);

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(() -> query(leftover, url, "SELECT 1")).isInstanceOf(SQLException.class);
        leftover.stop();
    }

    private static void execute(Postgres postgres, String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Postgres postgres, String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("Embedded PostgreSQL 17 %s took %d ms%n", what, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
