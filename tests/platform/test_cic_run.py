"""`cic run` (what `make run` calls) on a fresh var/: embedded services, migrate, demo, serve, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from backend.config import PROJECT_ROOT
from backend.demo import DEMO_PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "cic run exited early"
        try:
            if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("cic run did not become ready")


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
    deadline = time.monotonic() + 20
    while True:  # the simulator may still be starting
        body = httpx.post(
            f"{base}/graphql",
            json={"query": "query($n: String!) { ecifLookup(idNumber: $n) { name } }", "variables": {"n": id_number}},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        if not body.get("errors") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert "errors" not in body, body
    return body["data"]["ecifLookup"]["name"]


def test_cic_run_serves_demo_data_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")}
    env.update(
        CIC_VAR_DIR=str(tmp_path / "var"), CIC_PORT=str(port), CIC_EMBEDDED_REDIS_PORT=str(_free_port()),
        CIC_SIMULATOR_PORT=str(_free_port()),
    )
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "run"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        _wait_ready(base, proc)
        # The acceptance check: same staff user, full for the branch manager, masked for the analyst.
        full = _phone_seen_by(base, "fz1.manager")
        assert len(full) == 11 and full.isdigit()
        assert _phone_seen_by(base, "prov.analyst") == full[:3] + "****" + full[-4:]
        # The ECIF simulator was started and the API points at it: a seeded person prefills.
        assert _ecif_name(base, "fz1.cm1", "350521198511230015") == "陈志强"
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output[-3000:]
    assert "fz1.manager" in output and f"{base}/graphql" in output
    assert "stopped" in output
    assert (tmp_path / "var" / "pgdata" / "PG_VERSION").exists()
    assert (tmp_path / "var" / "secrets" / "jwt_ed25519.pem").exists()
