"""Prometheus metrics, served at /metrics in HTTP mode (one set per process)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ACK_SECONDS = Histogram(
    "reorg_ack_seconds", "Time from a verified Slack request to its HTTP response (the ack).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0))
REFUSED = Counter("reorg_requests_refused_total",
                  "Requests refused before Bolt saw them, by HTTP status.", ["status"])
ANSWERS = Counter("reorg_answers_total", "Answers given, by intent.", ["intent"])
DIGESTS = Counter("reorg_digests_total", "Digest deliveries, by outcome.", ["outcome"])
SLACK_ERRORS = Counter("reorg_slack_errors_total", "Slack Web API errors, by error code.",
                       ["code"])
