"""Small developer tools that read the code base (run them with `python -m tests.tools.<name>`)."""
