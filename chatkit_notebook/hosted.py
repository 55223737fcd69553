"""Hosted Agent Builder workflows: `ChatKit(workflow="wf_...")`.

The official component talks to OpenAI directly with a short-lived client secret. The kernel mints
(and, when ChatKit asks again, refreshes) those secrets through OpenAI's ChatKit sessions API, so
the API key never leaves the kernel; the secret travels to the page in a callback reply, never in
synced widget state. OpenAI shuts Agent Builder down on 2026-11-30.
"""

from __future__ import annotations

import uuid
import warnings
from datetime import date
from typing import Any

SHUTDOWN = date(2026, 11, 30)
SLOT = "api.getClientSecret"


def warn_shutdown(today: date | None = None) -> None:
    today = today or date.today()
    when = "stopped working on" if today >= SHUTDOWN else "stops working on"
    warnings.warn(
        f"Hosted Agent Builder workflows {when} {SHUTDOWN:%Y-%m-%d}, when OpenAI shuts Agent "
        "Builder down. Port the workflow to an openai-agents Agent and use ChatKit(agent=...).",
        FutureWarning,
        stacklevel=3,
    )


class WorkflowSessions:
    """Mints ChatKit client secrets for one workflow and one end user."""

    def __init__(
        self,
        workflow_id: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        user: str | None = None,
        version: str | None = None,
    ) -> None:
        if not workflow_id.startswith("wf_"):
            raise ValueError(
                f"workflow= takes an Agent Builder workflow id (wf_...), got {workflow_id!r}"
            )
        from openai import AsyncOpenAI

        self.workflow_id = workflow_id
        self.version = version
        self.user = user or f"notebook-{uuid.uuid4().hex[:12]}"
        self._client = AsyncOpenAI(api_key=api_key, base_url=base_url)  # the key stays in here

    async def client_secret(self, _current: str | None = None) -> str:
        """ChatKit's `getClientSecret`: a fresh secret for a new or expiring session."""
        workflow: dict[str, Any] = {"id": self.workflow_id}
        if self.version:
            workflow["version"] = self.version
        session = await self._client.beta.chatkit.sessions.create(
            user=self.user,
            workflow=workflow,  # type: ignore[arg-type]
        )
        return session.client_secret
