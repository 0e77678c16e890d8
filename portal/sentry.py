"""Error reports to Sentry (or a Sentry-compatible service) when ``SENTRY_DSN`` is set.

Personal data stays home: no user details, cookies, headers, query strings, request bodies,
local variables of the failing code or query parameters are sent (forms and the code that
reads them carry names, mobile numbers and ID numbers); a report carries the request id
instead, which finds the request's lines in the logs.
"""

import sentry_sdk


def _tag_request_id(event, hint):
    from .logs import current_request_id

    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    # Django and Celery are found and hooked by the SDK's default integrations.
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        before_send=_tag_request_id,
    )
