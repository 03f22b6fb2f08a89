import Prometheus

/// The Prometheus metrics of one controller, named like controller-runtime's so existing dashboards fit:
/// reconcile totals by result, errors, reconcile duration, queue depth and latency, and the age of the
/// oldest reconcile in progress (a stuck reconcile shows as a growing value, not as silence).
public struct ControllerMetrics: Sendable {
    let reconcileSuccess: Counter
    let reconcileRequeue: Counter
    let reconcileError: Counter
    let reconcileTerminal: Counter
    let errors: Counter
    let reconcileDuration: DurationHistogram
    let queueLatency: DurationHistogram
    let queueDepth: Gauge
    let inFlight: Gauge
    let oldestInFlightSeconds: Gauge

    /// Registers the metrics of controller `name` in `registry`.
    public init(registry: PrometheusCollectorRegistry, controller name: String) {
        let labels = [("controller", name)]
        func descriptor(_ subsystem: String, _ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "controller_runtime", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
        }
        func counter(_ result: String) -> Counter {
            registry.makeCounter(
                descriptor: descriptor("reconcile", "total", help: "Reconciles by controller and result."),
                labels: labels + [("result", result)])
        }
        reconcileSuccess = counter("success")
        reconcileRequeue = counter("requeue_after")
        reconcileError = counter("error")
        reconcileTerminal = counter("terminal_error")
        errors = registry.makeCounter(
            descriptor: descriptor("reconcile", "errors_total", help: "Reconciles that threw."), labels: labels)
        let durationBuckets: [Duration] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
            .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        reconcileDuration = registry.makeDurationHistogram(
            descriptor: descriptor("reconcile", "time", unit: "seconds", help: "Time per reconcile."),
            labels: labels, buckets: durationBuckets)
        queueLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "workqueue", metricName: "queue_duration", unitName: "seconds",
                helpText: "How long a key waited in the queue before a worker took it."),
            labels: [("name", name)], buckets: durationBuckets)
        queueDepth = registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "workqueue", metricName: "depth", unitName: "", helpText: "Keys waiting in the queue."),
            labels: [("name", name)])
        inFlight = registry.makeGauge(
            descriptor: descriptor("reconcile", "active_workers", help: "Reconciles in progress."), labels: labels)
        oldestInFlightSeconds = registry.makeGauge(
            descriptor: descriptor(
                "reconcile", "oldest_in_progress", unit: "seconds",
                help: "Age of the oldest reconcile still in progress (0 when none): a stuck reconcile grows here."),
            labels: labels)
    }
}
