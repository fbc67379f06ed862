"""Runs moto's server in this process, patched, behind the request-log/fault middleware.

Usage: python emulator/server.py [--port 0] [--exit-on-stdin-eof] [--verbose]
                                 [--run-glue-jobs [--glue-parallel N] [--glue-warm N]]
Prints exactly one line `EMULATOR_READY http://127.0.0.1:<port>` once the server answers.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import urllib.request
from pathlib import Path

# Run as a script (python emulator/server.py): make `emulator.*` importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emulator import patches
from emulator.control import make_control
from emulator.middleware import EmulatorMiddleware
from emulator.requestlog import State


def build_app():
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        create_backend_app,
    )

    state = State()
    app = EmulatorMiddleware(
        DomainDispatcherApplication(create_backend_app), state, make_control(state)
    )
    return app, state


def enable_step_functions_execution() -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.set_config({"stepfunctions": {"execute_state_machine": True}})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="stop when the parent goes away",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="log every request to stderr"
    )
    parser.add_argument(
        "--run-glue-jobs",
        action="store_true",
        help="execute Glue job runs in local PySpark (emulator/real_runs.py) instead of faking them",
    )
    parser.add_argument(
        "--glue-parallel",
        type=int,
        default=0,
        help="at most this many real runs at once (default: the machine's cores)",
    )
    parser.add_argument(
        "--glue-warm",
        type=int,
        default=None,
        help="0: every run starts a Spark of its own (default: the runs share one pre-started Spark)",
    )
    args = parser.parse_args(argv)

    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    patches.apply()
    enable_step_functions_execution()

    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    app, _state = build_app()
    server = make_server(
        "127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    port = server.server_port
    # Step Functions tasks call back into moto on localhost:MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.exit_on_stdin_eof:

        def watch_stdin() -> None:
            while sys.stdin.buffer.read(4096):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()

    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    thread.start()
    endpoint = f"http://127.0.0.1:{port}"
    if args.run_glue_jobs:
        from emulator.real_runs import RealRuns

        patches.REAL_RUNS = RealRuns(
            endpoint,
            args.glue_parallel or None,
            None if args.glue_warm is None else args.glue_warm != 0,
        )
        patches.poll_sync_tasks_every(0.1)
    with urllib.request.urlopen(f"{endpoint}/_emulator/health", timeout=10) as r:
        r.read()
    print(f"EMULATOR_READY {endpoint}", flush=True)

    while not stop.wait(1):
        pass
    if patches.REAL_RUNS is not None:
        patches.REAL_RUNS.shutdown()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
