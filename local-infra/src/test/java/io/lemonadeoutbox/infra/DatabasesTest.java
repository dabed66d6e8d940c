package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabasesTest {

    private final Databases databases = new Databases("jdbc:postgresql://localhost:1/", "postgres", "postgres");

    @ParameterizedTest
    @ValueSource(strings = {"", "Lemonade", "x\"; DROP DATABASE postgres; --", "1st", "thank-you"})
    void refusesNamesThatWouldNeedQuoting(String name) {
        assertThatThrownBy(() -> databases.jdbcUrl(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "x\"; DROP DATABASE postgres; --"})
    void neverRefusesConnectionsToTheAdminDatabaseOrToANameThatWouldNeedQuoting(String name) {
        assertThatThrownBy(() -> databases.allowConnections(name, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
