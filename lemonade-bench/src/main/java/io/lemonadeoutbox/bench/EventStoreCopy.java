package io.lemonadeoutbox.bench;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Empty copies of a service's tables in a database of the benchmark's own, made by the Flyway migrations read from the
 * jar under test: lemonade-app's give the raw appends and the raw pipeline the same columns, types, sequence and
 * indexes as {@code domain_event_entry}, thankyou-service's give the raw consumer its {@code inbox} and {@code card},
 * without a copy of their DDL here.
 */
final class EventStoreCopy {

    /** Where Spring Boot's repackaged jar keeps lemonade-app's {@code classpath:db/migration}. */
    private static final String MIGRATIONS = "classpath:BOOT-INF/classes/db/migration";

    private EventStoreCopy() {
    }

    static void migrate(Path lemonadeAppJar, String jdbcUrl, String user, String password) throws IOException {
        // no parent: only the jar's own entries are scanned, never this JVM's class path
        try (URLClassLoader jar = new URLClassLoader(new URL[] {lemonadeAppJar.toUri().toURL()}, null)) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(jdbcUrl);
            database.setUser(user);
            database.setPassword(password);
            // a DataSource, not a URL: Flyway would look for the JDBC driver in the jar's class loader
            Flyway.configure(jar)
                    .dataSource(database)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        }
    }
}
