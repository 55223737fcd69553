"""The chat's server over HTTP: `asgi_app()` and `chat.serve()`."""
