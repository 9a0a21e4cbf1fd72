package dev.modelyard.api;

import java.util.List;

/** A monitor's webhook deliveries, newest first. */
public record ListWebhookDeliveriesResponse(String monitor, List<WebhookDeliveryResponse> deliveries) {}
