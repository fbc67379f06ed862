"""The /_emulator/ control API: request log, faults, Glue job behaviour, reset. Never recorded."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from emulator import patches
from emulator.requestlog import State


def _json(start_response, status: int, payload: object):
    body = json.dumps(payload, default=str).encode()
    reason = {
        200: "OK",
        400: "Bad Request",
        404: "Not Found",
        405: "Method Not Allowed",
    }
    start_response(
        f"{status} {reason.get(status, 'OK')}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def _body(environ: dict) -> dict:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise TypeError("body must be a JSON object")
    return data


def _reset_moto() -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


def make_control(state: State):
    def control(environ: dict, start_response):
        path = environ.get("PATH_INFO", "")[len("/_emulator") :].rstrip("/")
        method = environ.get("REQUEST_METHOD", "GET")
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/health":
                return _json(
                    start_response, 200, {"ok": True, "lastSeq": state.last_seq}
                )
            if path == "/requests" and method == "GET":
                rows = state.query(
                    since=int(query.get("since", 0)),
                    tag=query.get("tag"),
                    internal=query.get("internal") in ("1", "true"),
                )
                return _json(
                    start_response, 200, {"requests": rows, "lastSeq": state.last_seq}
                )
            if path == "/requests" and method == "DELETE":
                state.clear_records()
                return _json(start_response, 200, {"ok": True})
            if path == "/faults" and method == "POST":
                fault = state.add_fault(_body(environ))
                return _json(start_response, 200, {"fault": fault.as_dict()})
            if path == "/faults" and method == "GET":
                return _json(
                    start_response, 200, {"faults": [f.as_dict() for f in state.faults]}
                )
            if path == "/faults" and method == "DELETE":
                fid = query.get("id")
                removed = state.clear_faults(
                    int(fid) if fid else None, query.get("match")
                )
                return _json(start_response, 200, {"removed": removed})
            if path == "/glue/job-behaviour" and method == "POST":
                name, behaviour = patches.JobBehaviour.from_request(_body(environ))
                patches.BEHAVIOURS[name] = behaviour
                return _json(start_response, 200, {"ok": True})
            if path == "/glue/job-behaviour" and method == "DELETE":
                patches.BEHAVIOURS.pop(query.get("jobName", ""), None)
                return _json(start_response, 200, {"ok": True})
            if path == "/glue/run-arguments" and method == "POST":
                body = _body(environ)
                name, args = body.get("jobName"), body.get("arguments")
                if not isinstance(name, str) or not name or not isinstance(args, dict):
                    raise ValueError(
                        '"jobName" (string) and "arguments" (object) are required'
                    )
                patches.RUN_ARGUMENTS[name] = {str(k): str(v) for k, v in args.items()}
                return _json(start_response, 200, {"ok": True})
            if path == "/glue/run-arguments" and method == "DELETE":
                patches.RUN_ARGUMENTS.pop(query.get("jobName", ""), None)
                return _json(start_response, 200, {"ok": True})
            if path == "/reset" and method == "POST":
                patches.reset_state()
                _reset_moto()
                state.reset()
                return _json(start_response, 200, {"ok": True})
        except (ValueError, TypeError) as e:
            return _json(start_response, 400, {"error": str(e)})
        return _json(
            start_response, 404, {"error": f"no control endpoint {method} {path}"}
        )

    return control
