package io.lemonadeoutbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class UnsafeSwitchesTest {

    @Test
    void aServiceWithNoSwitchOnStartsWithoutThePermit() {
        MockEnvironment environment = new MockEnvironment().withProperty("thankyou.inbox.max-attempts", "3")
                .withProperty("thankyou.unsafe.inbox-accepts-duplicates", "false");

        assertThat(UnsafeSwitches.checked(environment, null)).isEmpty();
    }

    @Test
    void aSwitchOnWithoutThePermitRefusesToStartNamingIt() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("thankyou.unsafe.inbox-accepts-duplicates", "true");

        assertThatThrownBy(() -> UnsafeSwitches.checked(environment, "yes"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thankyou.unsafe.inbox-accepts-duplicates")
                .hasMessageContaining(UnsafeSwitches.PERMIT + "=" + UnsafeSwitches.PERMIT_VALUE);
    }

    @Test
    void aSwitchOnWithThePermitIsReported() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("lemonade.unsafe.skip-ack-wait", "true")
                .withProperty("thankyou.unsafe.inbox-accepts-duplicates", "true");

        assertThat(UnsafeSwitches.checked(environment, UnsafeSwitches.PERMIT_VALUE))
                .containsExactly("lemonade.unsafe.skip-ack-wait", "thankyou.unsafe.inbox-accepts-duplicates");
    }
}
