"""HTTP serving: `asgi_app()` (app.py) and `serve()` (runner.py), the chat page (page.py), request
guards (security.py), auth and contexts (auth.py), uploads (uploads.py), the CLI (cli.py)."""
