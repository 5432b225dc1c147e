"""Admission of new sessions while an API process is saturated (backend/web/admission.py): work
already under way goes first, logins wait their turn in arrival order, nothing else is held."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY

from backend.web.admission import Admission, counted
from tests.helpers import DEMO_PASSWORD, gql, token_response
from tests.waiting import until


async def _queued(admission: Admission, logins: int) -> None:
    """Until ``logins`` logins wait for their turn."""
    await until(lambda: _async(admission.waiting == logins), f"{logins} logins to queue")


def _waited(outcome: str) -> float:
    return REGISTRY.get_sample_value("cic_admission_wait_seconds_count", {"outcome": outcome}) or 0.0


async def test_below_the_limit_a_login_goes_ahead_at_once():
    admission = Admission(limit=2, max_wait=3600)
    admission.enter()  # a GraphQL request under way
    admission.enter()  # the login itself, counted as it arrived
    await admission.turn()
    assert admission.running == 2 and admission.waiting == 0


async def test_saturated_logins_wait_and_go_in_arrival_order_as_work_ends():
    admission = Admission(limit=2, max_wait=3600)
    admission.enter()
    admission.enter()  # two requests of open sessions under way: saturated
    order: list[str] = []

    async def login(name: str) -> None:
        admission.enter()
        await admission.turn()
        order.append(name)

    first = asyncio.create_task(login("first"))
    await _queued(admission, 1)
    second = asyncio.create_task(login("second"))
    await _queued(admission, 2)
    assert order == [] and admission.running == 2  # waiting logins are not under way

    admission.enter()  # a request of an open session arriving now is not held
    assert admission.running == 3
    admission.leave()  # one of the three ends: two still under way, still saturated
    assert admission.waiting == 2 and admission.running == 2  # no turn was handed over
    admission.leave()  # another ends: the turn goes to the first login, and only to it
    assert admission.waiting == 1
    await first
    assert order == ["first"] and not second.done() and admission.running == 2

    admission.leave()
    await second
    assert order == ["first", "second"] and admission.running == 2 and admission.waiting == 0


async def test_a_login_that_waited_max_wait_goes_ahead_anyway():
    admission = Admission(limit=1, max_wait=0)  # the ceiling reached at once: no clock to wait on
    admission.enter()  # saturated, and stays so
    before = _waited("timed_out")
    admission.enter()
    await admission.turn()  # would wait forever without the ceiling
    assert admission.running == 2 and admission.waiting == 0
    assert _waited("timed_out") == before + 1
    admission.leave()  # nobody waits: nothing is handed over
    assert admission.running == 1


async def test_a_login_whose_client_went_away_takes_no_turn():
    admission = Admission(limit=1, max_wait=3600)
    admission.enter()
    admission.enter()
    gone = asyncio.create_task(admission.turn())
    await _queued(admission, 1)
    admission.enter()
    kept = asyncio.create_task(admission.turn())
    await _queued(admission, 2)
    gone.cancel()
    await asyncio.gather(gone, return_exceptions=True)
    admission.leave()  # the cancelled login's request ends (the middleware's count)
    assert admission.waiting == 1 and not kept.done()
    admission.leave()  # the work ends: the turn goes to the login still waiting
    await kept
    assert admission.running == 1 and admission.waiting == 0


def test_only_the_apis_own_work_is_counted():
    def scope(path: str, content_type: bytes = b"application/json") -> dict:
        return {"type": "http", "path": path, "headers": [(b"content-type", content_type)]}

    assert counted(scope("/graphql")) and counted(scope("/auth/token")) and counted(scope("/callbacks/lending/events"))
    assert not counted(scope("/graphql", b"multipart/form-data; boundary=x"))  # an upload waits on the network
    assert not counted(scope("/health")) and not counted(scope("/metrics")) and not counted(scope("/pc/index.html"))


async def test_through_the_api_a_login_waits_while_work_is_under_way_and_sessions_are_not_held(app, client):
    admission = app.state.admission
    saved = admission.limit, admission.max_wait
    admission.limit, admission.max_wait = 1, 3600
    try:
        token = (await token_response(client, "fz1.manager", DEMO_PASSWORD)).json()["access_token"]
        admission.enter()  # one request of an open session under way: the process is saturated
        login = asyncio.create_task(token_response(client, "fz.admin", DEMO_PASSWORD))
        await until(lambda: _async(admission.waiting == 1 or login.done()), "the login to queue (or to be answered)")
        assert not login.done(), "a login went ahead of the work under way"
        # an open session's request is not held while the login waits
        assert (await gql(client, "{ me { user { username } } }", token=token))["data"]["me"]["user"]["username"] == "fz1.manager"
        assert not login.done()
        admission.leave()  # the work ends
        answer = await login
        assert answer.status_code == 200 and answer.json()["access_token"]
        assert admission.running == 0 and admission.waiting == 0
    finally:
        admission.limit, admission.max_wait = saved


async def _async(value: object) -> object:
    return value
