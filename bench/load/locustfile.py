"""Locust users for the sustained-load benchmark (issue 19 part 6): a working day's mix against CIC.

Each simulated user is a customer manager at the PC workbench who also stands in, now and then,
for the branch's approver and the bank's administrator. The mix (share of requests):

=================  =====  ===============================================================
search              40 %  ``customers(filter: {namePrefix}, first: 20)``: the PC's archive list, a random surname
detail              30 %  ``customer(id)``: the PC's archive page, an archive of the last search (else one's own)
save with version   12 %  ``updateArchive``: one of the user's own archives, whole, one remark changed, at the version
                          the previous save returned (optimistic locking; a conflict is a failure)
rule dry run         8 %  ``dryRunRuleSet(id, sample)`` as the bank's administrator, on a draft rule set
approval action      6 %  ``claimTask`` then ``releaseTask`` as an approver: the task is left as it was
image upload         4 %  ``uploadImage`` (GraphQL multipart, ``x-cic-csrf: 1``): a small JPEG to one's own archive
=================  =====  ===============================================================

Every request fails (in locust's statistics) on a non-200 answer, a GraphQL ``errors`` entry, or
a payload's typed ``errors`` list (or a version conflict, or a missing object). A failed save
reloads the archive (as "detail") to carry on from the server's version.

What to use comes from a plan, a JSON file named by ``CIC_LOAD_PLAN``, that ``bench/sustained_load.py``
writes after starting the cluster: per locust user an account and the archives it alone edits
(so that saves never race each other), the approval tasks with the accounts that may claim them,
the draft rule sets with their administrators, the JPEG, bearer tokens and the password. A token
that expires (UNAUTHENTICATED) is renewed once per account and the request sent again: the refused
answer counts as "expired token", the new login as "login" (neither is an operation of the mix).
The runner runs this file in-process. For locust's own command line (or its web UI),
``bench/sustained_load.py --prepare-only`` starts the cluster, writes the plan, prints the command
and keeps the cluster until Ctrl-C (the plan's tokens last 15 minutes, then users log in again):

    CIC_LOAD_PLAN=/tmp/cic-load-.../plan.json uv run --with locust locust -f bench/load/locustfile.py \
        --headless -u 40 -r 4 --run-time 1m --host http://127.0.0.1:PORT
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from gevent.lock import BoundedSemaphore
from locust import FastHttpUser, between, constant_throughput, events, task

SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢郭洪曾邱廖赖周徐苏叶庄吕江何"

# -- the PC workbench's documents (frontend-pc/src/api/operations.ts) ---------------------------
LIST_FIELDS = """fragment CustomerListFields on Customer {
  id version name idNumber mobile status channel gender birthDate updatedAt
  address { regionCode regionName villageCode } branch { id name } manager { id name employeeNo }
  evaluation { completeness precise } blacklisted }"""
SEARCH = (
    """query Customers($filter: CustomerFilter, $first: Int!, $after: String, $order: ArchiveOrder! = NAME_ASC) {
  customers(filter: $filter, first: $first, after: $after, order: $order) {
    estimatedTotal totalCount pageInfo { hasNextPage endCursor } edges { node { ...CustomerListFields } } } }
"""
    + LIST_FIELDS
)
DETAIL_FIELDS = """fragment CustomerDetailFields on Customer {
  id version status channel name gender birthDate idNumber idExpiry idLongTerm ethnicity education maritalStatus
  health mobile altPhone returnReasons submittedAt verifiedAt createdAt updatedAt ecifCustomerNo blacklisted
  address { regionCode regionName townshipCode villageCode line }
  household { size registerNo isHead }
  familyMembers { relation name occupation annualIncome labourCapacity idNumber }
  land { contractedMu rentedMu crops } livestock { kind count value } assets { kind description value }
  income { farming business wages other total }
  liabilities { lender amount overdue overdueAmount }
  business { name industry creditCode licenceNo annualTurnover employees }
  social { villageCreditRating remarks }
  consent { wordingVersion consentedAt channel formImageRef shareWithFederation }
  branch { id name code } manager { id name employeeNo }
  viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }
  revealable { type field }
  extraFields { code definition { code labelZh labelEn kind }
    ... on TextFieldValue { text } ... on NumberFieldValue { number } ... on DateFieldValue { date }
    ... on ChoiceFieldValue { choice } ... on BooleanFieldValue { flag } }
  evaluation { completeness precise evaluatedAt violations { code severity origin message messageEn overridable } } }"""
DETAIL = "query Customer($id: ID!) { customer(id: $id) { ...CustomerDetailFields } }\n" + DETAIL_FIELDS
SAVE = (
    """mutation UpdateArchive($input: UpdateArchiveInput!) { updateArchive(input: $input) {
  customer { ...CustomerDetailFields } errors { field code message messageEn }
  warnings { code message messageEn relatedIds } conflict { serverVersion current { ...CustomerDetailFields } }
  duplicateOf violations { code severity origin message messageEn } } }
"""
    + DETAIL_FIELDS
)
DRY_RUN = """mutation DryRunRuleSet($id: ID!, $sample: Int) { dryRunRuleSet(id: $id, sample: $sample) {
  report { archives sampled newlyFailing newlyPassing preciseBefore preciseAfter
    byRule { code severity message messageEn newlyFailing newlyPassing failing }
    byBranch { branchId branchName archives newlyFailing newlyPassing preciseBefore preciseAfter } }
  errors { field code message messageEn } } }"""
TASK_PAYLOAD = "task { id status } application { id status } errors { field code message messageEn }"
CLAIM = f"mutation ClaimTask($id: ID!) {{ claimTask(id: $id) {{ {TASK_PAYLOAD} }} }}"
RELEASE = f"mutation ReleaseTask($id: ID!) {{ releaseTask(id: $id) {{ {TASK_PAYLOAD} }} }}"
UPLOAD = """mutation UploadImage($input: UploadImageInput!, $file: Upload!) { uploadImage(input: $input, file: $file) {
  duplicate errors { field code message messageEn }
  image { id customerId kind kindLabel status takenAt receivedAt width height thumbnailUrl } } }"""
IMAGE_KINDS = ("HOUSE", "LAND", "LIVESTOCK", "VISIT_PHOTO", "BUSINESS", "OTHER")

# -- the plan and what the users share in this process ------------------------------------------
PLAN: dict[str, Any] = json.loads(Path(os.environ["CIC_LOAD_PLAN"]).read_text()) if os.environ.get("CIC_LOAD_PLAN") else {}
TOKENS: dict[str, str] = dict(PLAN.get("tokens", {}))
_LOGIN_LOCKS: dict[str, BoundedSemaphore] = {}
_SLOTS = itertools.count()
# One claim-release pair at a time per task: the task must be OPEN when a pair begins.
_TASK_LOCKS: dict[str, BoundedSemaphore] = {t["id"]: BoundedSemaphore(1) for t in PLAN.get("approval_tasks", [])}
# Seconds users waited for a task's lock (the runner reports it; not a request).
APPROVAL_LOCK_WAIT = {"pairs": 0, "waited_s": 0.0, "max_s": 0.0}
JPEG = Path(PLAN["jpeg"]).read_bytes() if PLAN.get("jpeg") else b""


def _wait_time():
    """The plan's ``task_rate`` (tasks per second per user; the runner divides the target rate
    by the users) or, without one, as fast as the server answers."""
    rate = PLAN.get("task_rate")
    return constant_throughput(rate) if rate else between(0, 0)


def archive_input(c: dict[str, Any]) -> dict[str, Any]:
    """The ArchiveInput the PC's form sends back for an archive as loaded (``customerToForm`` and
    ``formToInput`` of frontend-pc/src/lib/archiveForm.ts): masked values go back as shown."""

    def zeroless(v: Any) -> Any:
        return None if v is None or v == "" or float(v) == 0 else str(v)

    def blank(v: Any) -> Any:
        return None if v is None or str(v).strip() == "" else str(v).strip()

    a, h, land, inc, soc = c["address"], c["household"], c["land"], c["income"], c["social"]
    b = c.get("business")
    return {
        "name": c["name"] or "",
        "idNumber": (c["idNumber"] or "").replace(" ", "").upper(),
        "idExpiry": None if c["idLongTerm"] else blank(c.get("idExpiry")),
        "idLongTerm": bool(c["idLongTerm"]),
        "ethnicity": blank(c.get("ethnicity")),
        "education": c.get("education") or None,
        "maritalStatus": c.get("maritalStatus") or None,
        "health": c.get("health") or None,
        "mobile": blank(c.get("mobile")),
        "altPhone": blank(c.get("altPhone")),
        "address": {
            "regionCode": a.get("regionCode"),
            "townshipCode": a.get("townshipCode") if a.get("regionCode") else None,
            "villageCode": a.get("villageCode") if a.get("regionCode") and a.get("townshipCode") else None,
            "line": blank(a.get("line")),
        },
        "household": {"size": h.get("size") or 1, "registerNo": blank(h.get("registerNo")), "isHead": h.get("isHead", True)},
        "familyMembers": [
            {
                "relation": m.get("relation") or "OTHER", "name": (m.get("name") or "").strip(), "idNumber": blank(m.get("idNumber")),
                "occupation": blank(m.get("occupation")), "annualIncome": zeroless(m.get("annualIncome")),
                "labourCapacity": m.get("labourCapacity") or "FULL",
            }
            for m in c["familyMembers"]
        ],
        "land": {"contractedMu": zeroless(land.get("contractedMu")), "rentedMu": zeroless(land.get("rentedMu")), "crops": list(land.get("crops") or [])},
        "livestock": [{"kind": x.get("kind") or "OTHER", "count": x.get("count") or 0, "value": zeroless(x.get("value"))} for x in c["livestock"]],
        "assets": [{"kind": x.get("kind") or "OTHER", "description": blank(x.get("description")), "value": zeroless(x.get("value"))} for x in c["assets"]],
        "income": {k: zeroless(inc.get(k)) for k in ("farming", "business", "wages", "other")},
        "liabilities": [
            {"lender": (x.get("lender") or "").strip(), "amount": zeroless(x.get("amount")), "overdue": bool(x.get("overdue")),
             "overdueAmount": zeroless(x.get("overdueAmount"))}
            for x in c["liabilities"]
        ],
        "business": {
            "name": (b.get("name") or "").strip(), "industry": blank(b.get("industry")), "creditCode": blank(b.get("creditCode")),
            "licenceNo": blank(b.get("licenceNo")), "annualTurnover": zeroless(b.get("annualTurnover")), "employees": b.get("employees") or 0,
        } if b else None,
        "social": {"villageCreditRating": soc.get("villageCreditRating") or None, "remarks": blank(soc.get("remarks"))},
    }


def _payload_problem(body: Any, field: str | None) -> str | None:
    """Why a GraphQL answer is a failure, or None."""
    if not isinstance(body, dict):
        return "not a JSON object"
    if body.get("errors"):
        first = body["errors"][0]
        return f"GraphQL error: {first.get('extensions', {}).get('code', '')} {first.get('message', '')}"[:300]
    data = body.get("data") or {}
    if field is None:
        return None
    payload = data.get(field)
    if payload is None:
        return f"{field} is null"
    if isinstance(payload, dict):
        if payload.get("errors"):
            e = payload["errors"][0]
            return f"{field} error: {e.get('code')} {e.get('field')} {e.get('messageEn') or e.get('message')}"[:300]
        if payload.get("conflict"):
            return f"{field}: version conflict (server at {payload['conflict'].get('serverVersion')})"
    return None


class CicUser(FastHttpUser):
    """A customer manager with the day's mix. ``task`` weights are per request: the approval
    action sends two (claim, release), so its weight is half its share of requests."""

    wait_time = _wait_time()
    connection_timeout = 30.0
    network_timeout = 60.0

    def on_start(self) -> None:
        users = PLAN["users"]
        slot = users[next(_SLOTS) % len(users)]
        self.username: str = slot["username"]
        self.saves = 0
        self.found: list[str] = []
        # The user's own archives, as the PC's form loads them: (id) -> [version, ArchiveInput].
        self.own: dict[str, list[Any]] = {}
        for cid in slot["archives"]:
            body = self._gql("detail", DETAIL, {"id": cid}, "customer", self.username)
            if body and body["data"]["customer"]:
                c = body["data"]["customer"]
                self.own[cid] = [c["version"], archive_input(c)]
        if not self.own:
            raise RuntimeError(f"{self.username}: none of the plan's archives could be loaded")

    # -- plumbing ---------------------------------------------------------------------------------
    def _token(self, username: str, renew: str | None = None) -> str:
        """The account's bearer token; a 401 with ``renew`` (the token refused) logs in again, once
        for all the users sharing the account."""
        if renew is not None:
            lock = _LOGIN_LOCKS.setdefault(username, BoundedSemaphore(1))
            with lock:
                if TOKENS.get(username) == renew:
                    with self.client.post(
                        "/auth/token", name="login", catch_response=True,
                        data=f"grant_type=password&username={username}&password={PLAN['password']}",
                        headers={"Content-Type": "application/x-www-form-urlencoded"},
                    ) as r:
                        if r.status_code != 200:
                            r.failure(f"login {username}: HTTP {r.status_code}")
                        else:
                            TOKENS[username] = r.json()["access_token"]
        return TOKENS[username]

    def _post(self, name: str, username: str, *, json_body: Any = None, data: bytes | None = None,
              headers: dict[str, str] | None = None, field: str | None = None) -> dict[str, Any] | None:
        """POST /graphql as ``username``; checks the answer and marks the request failed with the
        reason; returns the body when it passed."""
        token = self._token(username)
        for attempt in (1, 2):
            hdrs = {"Authorization": f"Bearer {token}", **(headers or {})}
            with self.client.post("/graphql", name=name, json=json_body, data=data, headers=hdrs, catch_response=True) as r:
                body: Any = None
                if r.status_code == 200:
                    try:
                        body = r.json()
                    except ValueError:
                        r.failure("not JSON")
                        return None
                expired = r.status_code == 401 or (
                    isinstance(body, dict) and any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in body.get("errors") or [])
                )
                if expired and attempt == 1:
                    # The token expired (CIC answers UNAUTHENTICATED): log in (counted as "login")
                    # and send it again. This answer counts as "expired token", not as the operation.
                    r.request_meta["name"] = "expired token"
                    r.success()
                    token = self._token(username, renew=token)
                    continue
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}: {(r.text or '')[:200]}")
                    return None
                problem = _payload_problem(body, field)
                if problem:
                    r.failure(problem)
                    return None
                r.success()
                return body
        return None

    def _gql(self, name: str, query: str, variables: dict[str, Any], field: str, username: str) -> dict[str, Any] | None:
        return self._post(name, username, json_body={"query": query, "variables": variables}, field=field)

    # -- the mix ----------------------------------------------------------------------------------
    @task(40)
    def search(self) -> None:
        body = self._gql("search", SEARCH, {"filter": {"namePrefix": random.choice(SURNAMES)}, "first": 20}, "customers", self.username)
        if body:
            self.found = [e["node"]["id"] for e in body["data"]["customers"]["edges"]] or self.found

    @task(30)
    def detail(self) -> None:
        cid = random.choice(self.found or list(self.own))
        self._gql("detail", DETAIL, {"id": cid}, "customer", self.username)

    @task(12)
    def save_with_version(self) -> None:
        cid = random.choice(list(self.own))
        version, archive = self.own[cid]
        self.saves += 1
        archive["social"]["remarks"] = f"负载测试回访记录 {self.saves} {datetime.now(UTC):%H%M%S}"
        body = self._gql("save with version", SAVE, {"input": {"id": cid, "version": version, "archive": archive, "channel": "PC"}},
                         "updateArchive", self.username)
        if body:
            self.own[cid][0] = body["data"]["updateArchive"]["customer"]["version"]
        else:  # carry on from the server's version (the failure is counted already)
            current = self._gql("detail", DETAIL, {"id": cid}, "customer", self.username)
            if current and current["data"]["customer"]:
                self.own[cid][0] = current["data"]["customer"]["version"]

    @task(8)
    def rule_dry_run(self) -> None:
        rule_set = random.choice(PLAN["rule_sets"])
        self._gql("rule dry run", DRY_RUN, {"id": rule_set["id"], "sample": PLAN.get("dry_run_sample")}, "dryRunRuleSet", rule_set["username"])

    @task(3)
    def approval_action(self) -> None:
        """Claim a task and release it: the task is OPEN again afterwards. Pairs on one task take
        turns (the client's lock), as two approvers would not both hold it."""
        tasks = list(PLAN["approval_tasks"])
        random.shuffle(tasks)
        started = time.perf_counter()
        chosen = next((t for t in tasks if _TASK_LOCKS[t["id"]].acquire(blocking=False)), None)
        if chosen is None:
            chosen = tasks[0]
            _TASK_LOCKS[chosen["id"]].acquire()
        waited = time.perf_counter() - started
        APPROVAL_LOCK_WAIT["pairs"] += 1
        APPROVAL_LOCK_WAIT["waited_s"] += waited
        APPROVAL_LOCK_WAIT["max_s"] = max(APPROVAL_LOCK_WAIT["max_s"], waited)
        try:
            approver = random.choice(chosen["usernames"])
            self._gql("approval action", CLAIM, {"id": chosen["id"]}, "claimTask", approver)
            # Released even when the claim's answer failed (it may have been a timeout after the
            # claim was made): the next pair must find the task OPEN.
            self._gql("approval action", RELEASE, {"id": chosen["id"]}, "releaseTask", approver)
        finally:
            _TASK_LOCKS[chosen["id"]].release()

    @task(4)
    def image_upload(self) -> None:
        cid = random.choice(list(self.own))
        variables = {
            "input": {
                "customerId": cid, "kind": random.choice(IMAGE_KINDS), "clientUploadId": str(uuid.uuid4()),
                "takenAt": (datetime.now(UTC) - timedelta(minutes=3)).isoformat(),
                "latitude": 26.074119, "longitude": 119.296470, "accuracyM": 12.0, "deviceId": f"LOAD-{self.username}",
            },
            "file": None,
        }
        boundary = uuid.uuid4().hex
        parts = [
            ("operations", None, json.dumps({"query": UPLOAD, "variables": variables}).encode()),
            ("map", None, json.dumps({"0": ["variables.file"]}).encode()),
            ("0", "photo.jpg", JPEG),
        ]
        body = b""
        for name, filename, content in parts:
            disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
            kind = "image/jpeg" if filename else "text/plain; charset=utf-8"
            body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {kind}\r\n\r\n".encode() + content + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        self._post("image upload", self.username, data=body, field="uploadImage",
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "x-cic-csrf": "1"})


@events.test_start.add_listener
def _check_plan(environment: Any, **_kwargs: Any) -> None:
    if not PLAN:
        raise RuntimeError("CIC_LOAD_PLAN is not set: run bench/sustained_load.py, or point it at the plan it wrote")

