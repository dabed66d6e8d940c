package io.lemonadeoutbox.thankyou;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * thankyou-service on the real PostgreSQL and Kafka of this test JVM. The fixture belongs to the application
 * context, not to the class: subclasses whose contexts are configured alike share one database, topic and consumer
 * group, so a test that counts everything it consumed (PipelineIT) needs a context configured like no other.
 */
@Import(RealServersTest.RealServers.class)
public abstract class RealServersTest {

    @Autowired
    protected SalesTopicFixture sales;

    @TestConfiguration(proxyBeanMethods = false)
    static class RealServers {

        @Bean // closed with its context
        SalesTopicFixture salesTopicFixture() {
            return new SalesTopicFixture("it");
        }

        @Bean
        DynamicPropertyRegistrar realServers(SalesTopicFixture sales) {
            return sales::register;
        }
    }
}
