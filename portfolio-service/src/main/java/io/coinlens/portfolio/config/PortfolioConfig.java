package io.coinlens.portfolio.config;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import io.netty.channel.ChannelOption;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class PortfolioConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Created at start-up if missing; the replication factor is the cluster's default. */
    @Bean
    NewTopic alertsTopic() {
        return TopicBuilder.name(Topic.ALERTS.topicName()).partitions(Topic.ALERTS.partitions()).build();
    }

    /** analytics-service's query API; a slow answer fails after the timeout rather than holding the request. */
    @Bean
    WebClient analyticsWebClient(ObjectProvider<WebClient.Builder> builders, PortfolioProperties properties) {
        PortfolioProperties.Analytics analytics = properties.analytics();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) analytics.timeout().toMillis())
                .responseTimeout(analytics.timeout());
        // Boot's builder, where present, carries tracing and the request id on to analytics-service.
        return builders.getIfAvailable(WebClient::builder).baseUrl(analytics.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }
}
