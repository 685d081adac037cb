"""Body-map outlines (front.svg, back.svg; viewBox 0 0 200 440), found with importlib.resources.

Mark coordinates in :mod:`safelog.domain.bodymap` are fractions of this viewBox. The drawings use
only ``path`` (absolute M, L, Q and C commands), ``ellipse`` and ``circle``, styled by three CSS
classes (``o`` outline, ``d`` detail line, ``dot``), so a PDF exporter can redraw them with a
few lines of parsing and no SVG library.
"""
