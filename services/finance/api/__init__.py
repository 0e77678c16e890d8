"""The partner-bank API under /api/v1/bank/: a bank's systems call it with their own key.

Only an API key authenticates here (a portal session never does), each key acts for its
bank alone, every call is written to the access log with the needs it read, each key has
its own rate limit, and personal data leaves masked. A POST with an ``Idempotency-Key``
header gives a retry the first answer instead of a second offer or loan.
"""
