"""`cic run` (what `make run` calls) on a fresh var/: embedded services, migrate, demo, serve, stop."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys

import httpx

from backend.config import PROJECT_ROOT
from backend.demo import DEMO_PASSWORD
from tests.faults import reserve_port
from tests.waiting import ProcessOutput


def _phone_seen_by(base: str, username: str) -> str:
    token = httpx.post(
        f"{base}/auth/token", data={"grant_type": "password", "username": username, "password": DEMO_PASSWORD}
    ).json()["access_token"]
    body = httpx.post(
        f"{base}/graphql",
        json={"query": '{ staffUsers(search: "fz1.cm1") { edges { node { phone } } } }'},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    return body["data"]["staffUsers"]["edges"][0]["node"]["phone"]


def _ecif_name(base: str, username: str, id_number: str) -> str:
    token = httpx.post(
        f"{base}/auth/token", data={"grant_type": "password", "username": username, "password": DEMO_PASSWORD}
    ).json()["access_token"]
    body = httpx.post(
        f"{base}/graphql",
        json={"query": "query($n: String!) { ecifLookup(idNumber: $n) { name } }", "variables": {"n": id_number}},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert "errors" not in body, body
    return body["data"]["ecifLookup"]["name"]


def test_cic_run_serves_demo_data_and_stops_cleanly_on_ctrl_c(tmp_path):
    with contextlib.ExitStack() as reservations:
        # `cic run` must be told its ports; they stay reserved for it until the test ends.
        port, redis_port, simulator_port = (reservations.enter_context(reserve_port()).getsockname()[1] for _ in range(3))
        env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")}
        env.update(
            CIC_VAR_DIR=str(tmp_path / "var"), CIC_PORT=str(port), CIC_EMBEDDED_REDIS_PORT=str(redis_port),
            CIC_SIMULATOR_PORT=str(simulator_port), CIC_LOG_LEVEL="INFO",
        )
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "run"],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        output = ProcessOutput(proc)
        try:
            # Ready when each child says so: the API and the simulator listen (uvicorn's start-up
            # line), the worker has started.
            output.wait_for(rf"Uvicorn running on {re.escape(base)}\b")
            output.wait_for(rf"Uvicorn running on http://127\.0\.0\.1:{simulator_port}\b")
            output.wait_for(r'"event": "worker_started"')
            assert httpx.get(f"{base}/ready").status_code == 200
            # The acceptance check: same staff user, full for the branch manager, masked for the analyst.
            full = _phone_seen_by(base, "fz1.manager")
            assert len(full) == 11 and full.isdigit()
            assert _phone_seen_by(base, "prov.analyst") == full[:3] + "****" + full[-4:]
            # The ECIF simulator was started and the API points at it: a seeded person prefills.
            assert _ecif_name(base, "fz1.cm1", "350521198511230015") == "陈志强"
        finally:
            proc.send_signal(signal.SIGINT)
            returncode = output.exit_code()
    text = output.text
    assert returncode == 0, text[-3000:]
    assert "fz1.manager" in text and f"{base}/graphql" in text
    assert "stopped" in text
    assert (tmp_path / "var" / "pgdata" / "PG_VERSION").exists()
    # room for a cluster's pools (two API processes and two workers reach 168; initdb gives 100)
    assert "max_connections = '200'" in (tmp_path / "var" / "pgdata" / "postgresql.auto.conf").read_text()
    assert (tmp_path / "var" / "secrets" / "jwt_ed25519.pem").exists()
