"""Thread items → model input, including what chatkit's `ThreadItemConverter` leaves unimplemented.

Attachments and @-mention tags raise `NotImplementedError` in the SDK's converter; here images
become `input_image` parts (data: URLs), text files `input_text`, other files a short
description, and tags their text and data. Attachment content is read through an
`AttachmentReader`, since ChatKit stores only attachment metadata. Assistant messages are sent
back as plain text, which chat-completions models accept too.
"""

from __future__ import annotations

import base64
import json
from typing import Protocol

from chatkit.agents import ThreadItemConverter
from chatkit.types import (
    AssistantMessageItem,
    Attachment,
    ImageAttachment,
    UserMessageTagContent,
)
from openai.types.responses import (
    EasyInputMessageParam,
    ResponseInputContentParam,
    ResponseInputImageParam,
    ResponseInputTextParam,
)

TEXT_LIMIT = 100_000  # characters of a text attachment passed to the model
TEXT_MIME_TYPES = {
    "application/json",
    "application/xml",
    "application/x-yaml",
    "application/yaml",
    "application/javascript",
    "application/x-python",
    "application/x-sh",
    "application/sql",
}


class AttachmentReader(Protocol):
    """Returns an attachment's bytes, or None when they are not available."""

    async def __call__(self, attachment: Attachment) -> bytes | None: ...


class NotebookConverter(ThreadItemConverter):
    """Passes the whole conversation back to the model, attachments and tags included."""

    def __init__(self, read_attachment: AttachmentReader | None = None) -> None:
        self.read_attachment = read_attachment

    async def attachment_to_message_content(
        self, attachment: Attachment
    ) -> ResponseInputContentParam:
        data = await self.read_attachment(attachment) if self.read_attachment else None
        if isinstance(attachment, ImageAttachment):
            url = (
                f"data:{attachment.mime_type};base64,{base64.b64encode(data).decode()}"
                if data is not None
                else str(attachment.preview_url)
            )
            if url.startswith(("data:", "https://")):  # a URL the model can fetch
                return ResponseInputImageParam(type="input_image", detail="auto", image_url=url)
        elif data is not None and _is_text(attachment.mime_type):
            content = data.decode("utf-8", errors="replace")
            clipped = content[:TEXT_LIMIT]
            note = "" if clipped == content else f"\n[truncated at {TEXT_LIMIT} characters]"
            return _text(f"Attached file {attachment.name}:\n{clipped}{note}")
        size = f", {len(data)} bytes" if data is not None else ""
        return _text(
            f"The user attached {attachment.name} ({attachment.mime_type}{size}); "
            "its content is not available to you."
        )

    async def assistant_message_to_input(self, item: AssistantMessageItem) -> EasyInputMessageParam:
        # chatkit sends `output_text` parts, which the SDK's chat-completions converter rejects
        text = "".join(part.text for part in item.content)
        return EasyInputMessageParam(type="message", role="assistant", content=text)

    async def tag_to_message_content(self, tag: UserMessageTagContent) -> ResponseInputContentParam:
        group = f" ({tag.group})" if tag.group else ""
        data = json.dumps(tag.data, default=str)
        return _text(f"{tag.text}{group}: {data}")


def _is_text(mime_type: str) -> bool:
    return mime_type.startswith("text/") or mime_type.split(";", maxsplit=1)[0] in TEXT_MIME_TYPES


def _text(value: str) -> ResponseInputTextParam:
    return ResponseInputTextParam(type="input_text", text=value)
