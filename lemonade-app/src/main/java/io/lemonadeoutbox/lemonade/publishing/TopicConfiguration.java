package io.lemonadeoutbox.lemonade.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration
class TopicConfiguration {

    /** Created at start-up when absent; the partition count bounds how many consumers share the work. */
    @Bean
    NewTopic salesTopic(PublishingProperties publishing) {
        return TopicBuilder.name(publishing.topic())
                .partitions(publishing.partitions())
                .replicas(publishing.replicas())
                .build();
    }
}
