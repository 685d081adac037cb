"""Small SVG icons used by the SafeLog theme (found with importlib.resources)."""
