"""ChatKit's options and theme: the schema (`schema`), the traitlets that validate through it
(`traits`), and `export_options()` for production frontends (`export`)."""
