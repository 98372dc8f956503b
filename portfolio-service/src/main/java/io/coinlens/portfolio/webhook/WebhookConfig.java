package io.coinlens.portfolio.webhook;

import io.coinlens.contracts.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class WebhookConfig {

    @Bean
    GuardedAddressResolverGroup webhookAddressGuard(WebhookProperties settings) {
        return new GuardedAddressResolverGroup(new AddressPolicy(settings.allowedPrivateNetworks()));
    }

    @Bean
    WebhookUrls webhookUrls(WebhookProperties settings, GuardedAddressResolverGroup guard) {
        return new WebhookUrls(settings.requireHttps(), guard);
    }

    @Bean
    WebhookSender webhookSender(WebhookProperties settings, GuardedAddressResolverGroup guard, WebhookUrls urls,
            Clock clock) {
        return new WebhookSender(settings, guard, urls, clock);
    }

    @Bean
    WebhookDeliveries webhookDeliveries(WebhookRepository repository, WebhookSender sender, WebhookProperties settings,
            Clock clock, MeterRegistry registry) {
        return new WebhookDeliveries(repository, sender, settings, clock, registry);
    }

    @Bean
    WebhookEvents webhookEvents(EventCodec codec, WebhookDeliveries deliveries, WebhookRepository repository) {
        return new WebhookEvents(codec, deliveries, repository);
    }
}
