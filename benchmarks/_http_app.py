"""The HTTP baseline of B1/B2: the same FunctionServer behind FastAPI, as in OpenAI's
openai-chatkit-advanced-samples (`POST /chatkit` -> `StreamingResponse(text/event-stream)`)."""

from __future__ import annotations

from chatkit.server import StreamingResult
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from benchmarks._workload import function_server

app = FastAPI()
server = function_server()


@app.post("/chatkit")
async def chatkit_endpoint(request: Request) -> Response:
    result = await server.process(await request.body(), {})
    if isinstance(result, StreamingResult):
        return StreamingResponse(result, media_type="text/event-stream")
    return Response(content=result.json, media_type="application/json")
