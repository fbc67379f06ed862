"""WSGI middleware in front of moto: records every request, injects faults, serves /_emulator/.

Per-request cost is kept small (a few dict lookups and one locked append): the benchmark counts
requests at the emulator and pushes thousands of PUTs through it.
"""

from __future__ import annotations

import io
import json
import re
import time

from emulator.classify import classify, is_mutating, needs_form_body
from emulator.requestlog import Fault, State

INTERNAL_HEADER = "HTTP_X_EMULATOR_INTERNAL"
# A "hold" fault keeps a matching request waiting until the fault is cleared, at most this long.
MAX_HOLD_SECONDS = 20
_UA_TAG = re.compile(r"(?:emulator-tag|app)/([A-Za-z0-9._~-]+)")


def client_tag(environ: dict) -> str | None:
    tag = environ.get("HTTP_X_EMULATOR_TAG")
    if tag:
        return tag
    for key in ("HTTP_X_AMZ_USER_AGENT", "HTTP_USER_AGENT"):
        m = _UA_TAG.search(environ.get(key, ""))
        if m:
            return m.group(1)
    return None


def _read_body(environ: dict) -> bytes:
    """Reads the body and puts it back, so moto still sees it."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def error_response(
    service: str, environ: dict, fault: Fault
) -> tuple[str, list, bytes]:
    """An error shaped like the service's own, so the SDK classifies it (retryable or throttled)."""
    throttle = fault.kind == "throttle"
    if service == "s3":
        status = 503 if throttle else fault.status
        code = (
            "SlowDown"
            if throttle
            else ("ServiceUnavailable" if status == 503 else "InternalError")
        )
        body = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>Injected by the emulator (fault {fault.id})</Message></Error>"
        return _status(status), [("Content-Type", "application/xml")], body.encode()
    status = 400 if throttle else fault.status
    code = (
        "ThrottlingException"
        if throttle
        else ("ServiceUnavailable" if status == 503 else "InternalError")
    )
    message = f"Injected by the emulator (fault {fault.id})"
    if environ.get("HTTP_X_AMZ_TARGET") or "json" in environ.get("CONTENT_TYPE", ""):
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-ErrorType", code),
        ]
        return _status(status), headers, body
    if throttle:
        code = "Throttling"
    kind = "Sender" if status < 500 else "Receiver"
    body = (
        f"<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message>"
        "</Error><RequestId>emulator</RequestId></ErrorResponse>"
    ).encode()
    return _status(status), [("Content-Type", "text/xml")], body


def _status(code: int) -> str:
    reasons = {
        400: "Bad Request",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }
    return f"{code} {reasons.get(code, 'Error')}"


class EmulatorMiddleware:
    def __init__(self, app, state: State, control) -> None:
        self.app = app
        self.state = state
        self.control = (
            control  # callable(environ, start_response) for /_emulator/ paths
        )

    def __call__(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "/")
        if path.startswith("/_emulator/"):
            return self.control(environ, start_response)

        form_body = None
        if needs_form_body(environ):
            form_body = _read_body(environ).decode("utf-8", "replace")
        service, operation = classify(environ, form_body)
        method = environ.get("REQUEST_METHOD", "GET")
        internal = INTERNAL_HEADER in environ
        tag = client_tag(environ)
        entry = {
            "service": service,
            "operation": operation,
            "method": method,
            "path": path,
            "status": 0,
            "mutating": is_mutating(service, operation, method),
        }
        if tag:
            entry["tag"] = tag
        if internal:
            entry["internal"] = True

        fault = None
        if self.state.faults and not internal:

            def haystack() -> str:
                text = path + "?" + environ.get("QUERY_STRING", "")
                if form_body is not None:
                    return text + form_body
                if service != "s3":
                    text += _read_body(environ).decode("utf-8", "replace")
                return text

            fault = self.state.take_fault(service, operation, tag, haystack)

        if fault is not None and fault.kind == "hold":
            # Keeps the request waiting (a slow service, or a step a test wants paused), then lets it
            # through unchanged: the test decides when the call proceeds.
            deadline = time.monotonic() + MAX_HOLD_SECONDS
            while self.state.holds(fault) and time.monotonic() < deadline:
                time.sleep(0.05)
            entry["held"] = True
            fault = None

        if fault is not None and fault.when == "before":
            return self._answer_fault(service, environ, start_response, fault, entry)

        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            if fault is not None:
                return lambda _data: None  # the real response is thrown away
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if fault is not None:
            # Apply the write, then lose the answer: the client sees a retryable error.
            try:
                for _chunk in result:
                    pass
            finally:
                if hasattr(result, "close"):
                    result.close()
            entry["appliedStatus"] = int(captured.get("status", "0 ")[:3])
            return self._answer_fault(service, environ, start_response, fault, entry)
        entry["status"] = int(captured.get("status", "0 ")[:3])
        self.state.record(entry)
        return result

    def _answer_fault(self, service, environ, start_response, fault, entry):
        status, headers, body = error_response(service, environ, fault)
        entry["status"] = int(status[:3])
        entry["fault"] = {"id": fault.id, "when": fault.when}
        self.state.record(entry)
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]
