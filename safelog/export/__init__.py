"""Exports: reportlab documents, pyHanko signing and verification. Never imports Qt.

Modules (import what you need; this package file stays empty so that importing the plain
dataclasses in :mod:`model` does not load reportlab or pyHanko):

- :mod:`safelog.export.model` - the frozen views the services fill from the vault
- :mod:`safelog.export.chronology_pdf` - ``render_chronology(doc, progress) -> bytes``
- :mod:`safelog.export.referral_pdf` - ``render_referral_pack(doc, progress) -> bytes``
- :mod:`safelog.export.signing` - identities, ``sign_pdf``, ``verify_pdf``
- :mod:`safelog.export.errors` - ``ExportError``, whose message is one plain sentence
- :mod:`safelog.export.samples` - fictional documents for tests, benchmarks and demos
- :mod:`safelog.export.bench` - ``bench_chronology(n) -> seconds``
"""
