"""The request log and the fault table, shared by the middleware and the control API.

Requests get increasing sequence numbers so that concurrent test files can read "what happened
since seq N" (optionally only their own tagged requests) without clearing anyone else's log.
Faults match an operation plus optional markers (a substring of path/query/body, a client tag),
so a fault set up by one test file never fires on another file's requests.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import dataclass, field

MAX_RECORDS = 500_000


@dataclass
class Fault:
    id: int
    operation: str  # "glue:CreateJob", or "s3:*" for any operation of a service
    when: str = "before"  # "before": refuse without applying; "after": apply, then answer an error
    times: int = 1  # how many matching requests fail; 0 = every one until cleared
    status: int = 500
    kind: str = "error"  # "error" | "throttle" | "hold" (delay until cleared, then answer normally)
    match: str | None = None  # substring of path + query (+ body for non-S3 requests)
    tag: str | None = None  # only requests whose client tag is this
    fired: int = 0

    def matches_operation(self, service: str, operation: str) -> bool:
        svc, _, op = self.operation.partition(":")
        return svc == service and op in ("*", operation)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    records: deque = field(default_factory=lambda: deque(maxlen=MAX_RECORDS))
    seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    last_seq: int = 0
    faults: list[Fault] = field(default_factory=list)
    fault_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def record(self, entry: dict) -> None:
        with self.lock:
            self.last_seq = entry["seq"] = next(self.seq)
            self.records.append(entry)

    def query(
        self, since: int = 0, tag: str | None = None, internal: bool = False
    ) -> list[dict]:
        with self.lock:
            rows = list(self.records)
        return [
            r
            for r in rows
            if r["seq"] > since
            and (tag is None or r.get("tag") == tag)
            and (internal or not r.get("internal"))
        ]

    def clear_records(self) -> None:
        with self.lock:
            self.records.clear()

    def add_fault(self, spec: dict) -> Fault:
        op = spec.get("operation")
        if not isinstance(op, str) or ":" not in op:
            raise ValueError('fault needs "operation" like "glue:CreateJob" or "s3:*"')
        when = spec.get("when", "before")
        if when not in ("before", "after"):
            raise ValueError('"when" must be "before" or "after"')
        kind = spec.get("kind", "error")
        if kind not in ("error", "throttle", "hold"):
            raise ValueError('"kind" must be "error", "throttle" or "hold"')
        with self.lock:
            fault = Fault(
                id=next(self.fault_ids),
                operation=op,
                when=when,
                times=int(spec.get("times", 1)),
                status=int(spec.get("status", 500)),
                kind=kind,
                match=spec.get("match"),
                tag=spec.get("tag"),
            )
            self.faults.append(fault)
        return fault

    def clear_faults(
        self, fault_id: int | None = None, match: str | None = None
    ) -> int:
        with self.lock:
            keep = [
                f
                for f in self.faults
                if (fault_id is not None and f.id != fault_id)
                or (match is not None and f.match != match)
            ]
            removed = len(self.faults) - len(keep)
            self.faults = keep
        return removed

    def take_fault(
        self, service: str, operation: str, tag: str | None, haystack
    ) -> Fault | None:
        """The first fault matching this request, consumed once. `haystack()` is only called
        (it may read the body) when a fault with a `match` marker is a candidate."""
        candidates = [
            f
            for f in self.faults
            if f.matches_operation(service, operation)
            and (f.tag is None or f.tag == tag)
        ]
        if not candidates:
            return None
        text = haystack() if any(f.match for f in candidates) else ""
        with self.lock:
            for f in candidates:
                if f.match and f.match not in text:
                    continue
                if f not in self.faults:
                    continue
                f.fired += 1
                if f.times and f.fired >= f.times:
                    self.faults.remove(f)
                return f
        return None

    def holds(self, fault: Fault) -> bool:
        """True while a "hold" fault has not been cleared."""
        with self.lock:
            return fault in self.faults

    def reset(self) -> None:
        with self.lock:
            self.records.clear()
            self.faults.clear()
