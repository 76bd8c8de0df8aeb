"""The load test's users (Locust), run by bench/load.py against gunicorn on 127.0.0.1.

Each simulated user is one of the demo's people with a session made by bench/load.py (signed
in, second factor passed, as after the sign-in pages): the chief and sergeants read the
dashboards, the training compliance page, incidents and the schedule; records staff search the
access log; the principal opens their home page; SROs log their activities through the API (a
write each time, with an API token) and read their day. A response of 500 or above is counted
as a server error; 4xx answers are failures too (the test expects none).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

SESSIONS: dict[str, Any] = json.loads(Path(os.environ["SRO_LOAD_SESSIONS"]).read_text())
HEADERS = {"X-Forwarded-Proto": "https"}  # as nginx adds in front of gunicorn
# A school day of the demo calendar on which an SRO's activity may be logged.
ACTIVITY_DAY = SESSIONS["activity_day"]


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    persona = ""

    def on_start(self) -> None:
        cookies: list[str] = SESSIONS["sessions"][self.persona]
        self.client.cookies.set("sessionid", random.choice(cookies))  # noqa: S311 - test data

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(
            path, headers=HEADERS, name=name or path, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Chief(Staff):
    weight = 2
    persona = "chief"

    @task(3)
    def home(self) -> None:
        self.page("/home/")

    @task(3)
    def training(self) -> None:
        self.page("/training/")

    @task(2)
    def incidents(self) -> None:
        self.page("/incidents/")

    @task(2)
    def incidents_filtered(self) -> None:
        self.page("/incidents/?status=draft")

    @task(1)
    def officers_api(self) -> None:
        self.page("/api/v1/officers")


class Sergeant(Staff):
    weight = 3
    persona = "sergeant"

    @task(3)
    def coverage(self) -> None:
        self.page(f"/schedule/?day={ACTIVITY_DAY}", name="/schedule/?day=…")

    @task(2)
    def home(self) -> None:
        self.page("/home/")

    @task(2)
    def incidents_api(self) -> None:
        self.page("/api/v1/incidents")


class Records(Staff):
    weight = 1
    persona = "records"

    @task(2)
    def access_log(self) -> None:
        self.page("/audit/access/")

    @task(2)
    def access_log_search(self) -> None:
        self.page(
            "/audit/access/?student_first=Alex&student_last=Smith"
            "&purpose=Responding+to+a+data+request",
            name="/audit/access/?student_first=…",
        )


class Principal(Staff):
    weight = 1
    persona = "principal"

    @task
    def home(self) -> None:
        self.page("/home/")


class Sro(Staff):
    weight = 3
    persona = "sro"

    @task(3)
    def log_activity(self) -> None:
        body = {
            "kind": "class_taught",
            "students": random.randint(5, 30),  # noqa: S311 - test data
            "topic": "Online safety",
            "grade": "9",
            "on": ACTIVITY_DAY,
        }
        with self.client.post(
            "/api/v1/activities",
            data=json.dumps(body),
            headers={
                **HEADERS,
                "Content-Type": "application/json",
                "Authorization": f"Bearer {SESSIONS['sro_token']}",
            },
            name="POST /api/v1/activities",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(2)
    def home(self) -> None:
        self.page("/home/")

    @task(1)
    def activities(self) -> None:
        self.page("/api/v1/activities")
