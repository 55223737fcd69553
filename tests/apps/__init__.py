"""Small ASGI apps that tests start in real uvicorn processes."""
