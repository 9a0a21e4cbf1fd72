/**
 * Monitors: scheduled checks of a live deployment's inference history, with warning and alert
 * thresholds, results kept as a time series, and alerts sent to webhooks.
 *
 * <ul>
 *   <li>{@link dev.modelyard.core.monitoring.monitor.Monitor}: what to compute ({@link
 *       dev.modelyard.core.monitoring.monitor.MonitorKind}), when ({@link
 *       dev.modelyard.core.monitoring.monitor.CronSchedule}, UTC), over which windows (width and
 *       step), the {@link dev.modelyard.core.monitoring.monitor.Thresholds} and the {@link
 *       dev.modelyard.core.monitoring.monitor.Webhook}s.
 *   <li>{@link dev.modelyard.core.monitoring.monitor.MonitorService}: owners manage and run monitors
 *       (audited), viewers read them, their results, delivery logs and the deployment's usage.
 *   <li>{@link dev.modelyard.core.monitoring.monitor.MonitorEvaluator}: the values, from the history
 *       through the {@link dev.modelyard.core.monitoring.monitor.MonitorData} port.
 *   <li>{@link dev.modelyard.core.monitoring.monitor.MonitorRunner}: finds due monitors, stores
 *       {@link dev.modelyard.core.monitoring.monitor.MonitorResult}s and makes {@link
 *       dev.modelyard.core.monitoring.monitor.WebhookDelivery} rows for alerts.
 *   <li>{@link dev.modelyard.core.monitoring.monitor.WebhookDeliveryWorker}: sends deliveries through
 *       the {@link dev.modelyard.core.monitoring.monitor.WebhookSender} port, signed ({@link
 *       dev.modelyard.core.monitoring.monitor.WebhookSignature}), retried with backoff, every
 *       attempt logged.
 * </ul>
 *
 * Both background workers keep their state in the store, so a restart loses nothing: a monitor's
 * next run and last computed window, and every pending delivery, are rows.
 */
package dev.modelyard.core.monitoring.monitor;
