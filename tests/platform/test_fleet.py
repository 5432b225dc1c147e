"""`cic run` fits its processes' pools to the connections the server can spare (backend/db/fleet.py)."""

from __future__ import annotations

import asyncio
import dataclasses

from backend.cli import _fitted_pools
from backend.db import fleet
from backend.db.fleet import MIN_API_POOL, MIN_WORKER_JOBS, Pools, ceiling, fit

DEFAULTS = Pools(api_pool=20, api_overflow=0, identity=4, worker_jobs=20)


def test_the_defaults_of_one_api_and_one_worker_fit_a_server_of_100_as_they_are():
    room = fleet.budget(free=97, max_connections=100)
    assert ceiling(DEFAULTS, api_processes=1, workers=1) <= room
    assert fit(DEFAULTS, api_processes=1, workers=1, budget=room) == DEFAULTS


def test_two_apis_and_two_workers_are_scaled_down_alike_to_what_the_server_spares():
    # 2 x (2 x 20 + 4) + 2 x 2 x 2 x 10 = 168 connections at most: SQLSTATE 53300 on a server of 100
    assert ceiling(DEFAULTS, api_processes=2, workers=2) == 168
    room = fleet.budget(free=97, max_connections=100)
    fitted = fit(DEFAULTS, api_processes=2, workers=2, budget=room)
    assert ceiling(fitted, api_processes=2, workers=2) <= room
    assert fitted.identity == DEFAULTS.identity
    # alike: neither the API's pools nor the workers' jobs were sacrificed for the other
    assert 0.35 < fitted.api_pool / DEFAULTS.api_pool < 0.65 and 0.35 < fitted.worker_jobs / DEFAULTS.worker_jobs < 0.65
    # and no smaller than needed: one more connection for the API's pools would not fit
    assert ceiling(dataclasses.replace(fitted, api_pool=fitted.api_pool + 1), api_processes=2, workers=2) > room - 2


def test_sizes_set_in_the_environment_are_kept_and_the_minimums_hold():
    room = 60
    fitted = fit(DEFAULTS, api_processes=2, workers=2, budget=room, fixed=frozenset({"worker_jobs"}))
    assert fitted.worker_jobs == 20 and ceiling(fitted, api_processes=2, workers=2) > room  # the caller warns
    assert fitted.api_pool == MIN_API_POOL
    tiny = fit(DEFAULTS, api_processes=4, workers=4, budget=5)
    assert (tiny.api_pool, tiny.api_overflow, tiny.worker_jobs) == (MIN_API_POOL, 0, MIN_WORKER_JOBS)


async def test_cic_run_asks_the_real_server_and_its_children_fit_it(services, monkeypatch):
    for variable in fleet.SETTINGS.values():
        monkeypatch.delenv(variable, raising=False)
    settings = services.settings
    free, most = await fleet.free_connections(services.db.primary)
    # As many processes as a server of this size cannot hold with the default pools.
    processes = most // 40 + 1
    env = await asyncio.to_thread(_fitted_pools, settings, api_processes=processes, workers=processes)
    assert env, "the default pools of this fleet exceed the server: they must be fitted"
    fitted = Pools(**{name: int(env[variable]) for name, variable in fleet.SETTINGS.items()})
    held = ceiling(fitted, api_processes=processes, workers=processes)
    at_minimum = fitted.api_pool == MIN_API_POOL and fitted.worker_jobs == MIN_WORKER_JOBS and fitted.api_overflow == 0
    # the suite's other processes share the server: its free count moves a little meanwhile
    assert held <= fleet.budget(free, most) + 10 or at_minimum, (held, free, most)
