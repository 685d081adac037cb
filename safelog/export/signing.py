"""Sign SafeLog PDFs (PAdES B-B with pyHanko) and check them again.

Contract:
- :func:`sign_pdf` adds one certifying signature (PAdES, SHA-256, no later changes permitted)
  with a visible block in :data:`_page.SIGNATURE_BOX` on the last page showing the signer,
  role, reason, place, time and the certificate fingerprint, and returns the signed bytes. The
  signing time written into the signature is ``when`` (the caller's clock); nothing touches
  the disk.
- :func:`verify_pdf` never raises: whatever the bytes, it returns a :class:`PdfVerification`,
  with plain-English sentences from :meth:`PdfVerification.explain`. Changing any single byte
  of a signed file makes ``ok`` false.
- Offline means PAdES B-B: there is no trusted timestamp, and the verification says so.

Thread: no shared state; run on a worker thread (pyHanko's synchronous API starts its own
event loop, so do not call these from inside a running asyncio loop).
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from typing import Any

from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import BuildProps
from pyhanko.stamp.static import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from safelog import __version__
from safelog.export._page import INK, MUTED, SIGNATURE_BOX, fit_text
from safelog.export._text import uk_date_long
from safelog.export.errors import ExportError
from safelog.export.fonts import BOLD, REGULAR, register_fonts
from safelog.export.identity import (
    VAULT_OU_PREFIX,
    SigningIdentity,
    asn1_certificate,
    certificate_fingerprint,
    certificate_pem,
    create_signing_identity,
    load_pkcs12,
)
from safelog.export.verification import PdfVerification, verify_pdf

__all__ = [
    "FIELD_NAME",
    "VAULT_OU_PREFIX",
    "PdfVerification",
    "SigningIdentity",
    "certificate_fingerprint",
    "certificate_pem",
    "create_signing_identity",
    "load_pkcs12",
    "sign_pdf",
    "verify_pdf",
]

FIELD_NAME = "SafeLogSignature"
_PANEL_FILL = colors.HexColor("#f2f5f8")


class _PdfPageFromBytes(PdfContent):
    """The first page of an in-memory PDF as stamp content (pyHanko's own reads a file)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data

    def render(self) -> bytes:
        if self.writer is None:
            raise ValueError("PDF writer is not set")
        reader = PdfFileReader(io.BytesIO(self._data))
        xobject = self.writer.import_page_as_xobject(reader, page_ix=0)
        name = "/Panel" + uuid.uuid4().hex
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return name.encode("ascii") + b" Do"


class _ClockedSigner(signers.PdfSigner):
    """Writes the caller's ``when`` as the signing time instead of pyHanko's own clock read,
    so the visible block and the signature agree to the second."""

    def __init__(self, *args: Any, signing_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def _panel(
    identity: SigningIdentity,
    *,
    signer_name: str,
    role: str,
    reason: str,
    location: str,
    when: datetime,
) -> bytes:
    """The visible signature block, drawn with the same embedded fonts as the document."""
    register_fonts()
    x1, y1, x2, y2 = SIGNATURE_BOX
    width, height = x2 - x1, y2 - y1
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=(width, height), initialFontName=REGULAR)
    canv.setFillColor(_PANEL_FILL)
    canv.setStrokeColor(INK)
    canv.setLineWidth(0.8)
    canv.rect(0.4, 0.4, width - 0.8, height - 0.8, stroke=1, fill=1)
    inner = width - 16
    lines = [
        (BOLD, 10, INK, f"Digitally signed by {signer_name}"),
        (REGULAR, 8.5, INK, role),
        (REGULAR, 8, INK, f"Signed on {uk_date_long(when)}, by the signing computer's clock"),
        (REGULAR, 8, INK, f"Reason: {reason}   Location: {location}"),
        (REGULAR, 6.5, MUTED, f"Certificate SHA-256 {certificate_fingerprint(identity)}"),
    ]
    y = height - 15
    for font, size, colour, text in lines:
        canv.setFont(font, size)
        canv.setFillColor(colour)
        canv.drawString(8, y, fit_text(canv, text, font, size, inner))
        y -= size + 5
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def sign_pdf(
    pdf: bytes,
    identity: SigningIdentity,
    *,
    signer_name: str,
    role: str,
    reason: str,
    location: str,
    when: datetime,
) -> bytes:
    """Sign ``pdf`` with ``identity`` and return the signed bytes (see the module contract)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ExportError("The signing time must carry its time zone.")
    try:
        certificate = asn1_certificate(identity.certificate_pem)
        key = load_private_key_from_pemder_data(identity.private_key_pem, passphrase=None)
        chain = [asn1_certificate(pem) for pem in identity.chain_pem]
    except Exception as exc:
        raise ExportError("The vault's signing key or certificate could not be read.") from exc
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
        # Certify with "no changes": readers then flag anything added after signing.
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        app_build_props=BuildProps(name="SafeLog", revision=__version__),
    )
    panel = _panel(
        identity, signer_name=signer_name, role=role, reason=reason, location=location, when=when
    )
    pdf_signer = _ClockedSigner(
        meta,
        signer,
        signing_time=when,
        stamp_style=StaticStampStyle(
            background=_PdfPageFromBytes(panel),
            border_width=0,
            # The panel is drawn at exactly the box size: place it as it is, edge to edge.
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins(),
                inner_content_scaling=layout.InnerScaling.NO_SCALING,
            ),
        ),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=-1, box=SIGNATURE_BOX),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = pdf_signer.sign_pdf(writer)
    except Exception as exc:
        raise ExportError(
            "The PDF could not be signed: it is not a finished, readable PDF document."
        ) from exc
    return bytes(output.getvalue())
