"""export and verify-pdf: signed documents out of the vault, and checking them afterwards."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safelog.cli import Context, UsageError
from safelog.commands.common import open_session
from safelog.export.errors import ExportError
from safelog.export.verification import verify_pdf
from safelog.services import exports
from safelog.services.children import child_by_upn
from safelog.store.atomic import atomic_write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="signed PDFs, and the certificate to check them with")
    esub = p.add_subparsers(
        dest="export_command", metavar="chronology|referral-pack|certificate", required=True
    )
    q = esub.add_parser("chronology", help="a child's chronology as a signed PDF")
    q.add_argument("upn", metavar="UPN")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--summary", action="store_true", help="significant events only")
    q.set_defaults(handler=cmd_export_chronology)
    q = esub.add_parser("referral-pack", help="the MASH referral pack as a signed PDF")
    q.add_argument("upn", metavar="UPN")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.set_defaults(handler=cmd_export_referral_pack)
    q = esub.add_parser("certificate", help="the vault's signing certificate (PEM)")
    q.add_argument("--out", required=True, metavar="FILE.pem")
    q.set_defaults(handler=cmd_export_certificate)

    p = sub.add_parser("certificate", help="use the school's own signing certificate")
    csub = p.add_subparsers(dest="certificate_command", metavar="import", required=True)
    q = csub.add_parser("import", help="sign exports with a PKCS#12 (.p12/.pfx) certificate")
    q.add_argument("file", metavar="FILE.p12")
    q.add_argument(
        "--p12-passphrase-file", metavar="FILE", help="the file's own passphrase, if it has one"
    )
    q.set_defaults(handler=cmd_certificate_import)

    p = sub.add_parser("verify-pdf", help="check a signed SafeLog PDF")
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument(
        "--certificate",
        metavar="FILE.pem",
        help="the signing vault's certificate, to check it was that vault",
    )
    p.set_defaults(handler=cmd_verify_pdf)


def _out(path: str) -> Path:
    out = Path(path)
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")
    return out


def cmd_export_chronology(ctx: Context, args: argparse.Namespace) -> int:
    out = _out(args.out)
    session = open_session(ctx)
    try:
        child = child_by_upn(session, args.upn)
        made = exports.export_chronology(session, child.child_id, summary=args.summary)
        made.save(out)
    finally:
        session.close()
    sys.stdout.write(
        f"Wrote a signed {made.kind} of {child.display_name} to {out} "
        f"(SHA-256 {made.sha256[:16]}…).\n"
    )
    return 0


def cmd_export_referral_pack(ctx: Context, args: argparse.Namespace) -> int:
    out = _out(args.out)
    session = open_session(ctx)
    try:
        child = child_by_upn(session, args.upn)
        made = exports.export_referral_pack(session, child.child_id)
        made.save(out)
    finally:
        session.close()
    sys.stdout.write(
        f"Wrote a signed referral pack for {child.display_name} to {out} "
        f"(SHA-256 {made.sha256[:16]}…).\n"
    )
    return 0


def cmd_export_certificate(ctx: Context, args: argparse.Namespace) -> int:
    out = _out(args.out)
    session = open_session(ctx)
    try:
        pem = exports.certificate(session)
    finally:
        session.close()
    atomic_write(out, pem)
    out.chmod(0o644)  # a certificate is public: the MASH needs to read it
    sys.stdout.write(f"Wrote the vault's signing certificate to {out}.\n")
    return 0


def cmd_verify_pdf(ctx: Context, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"{args.file} cannot be read ({exc.strerror}).") from exc
    trusted = None
    if args.certificate:
        try:
            trusted = Path(args.certificate).read_bytes()
        except OSError as exc:
            raise UsageError(f"{args.certificate} cannot be read ({exc.strerror}).") from exc
    result = verify_pdf(data, trusted)
    for line in result.explain():
        sys.stdout.write(line + "\n")
    if result.ok:
        return 0
    sys.stderr.write("safelog: This PDF failed verification; do not rely on it.\n")
    return 1


def cmd_certificate_import(ctx: Context, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
        secret = (
            Path(args.p12_passphrase_file).read_bytes().rstrip(b"\r\n")
            if args.p12_passphrase_file
            else None
        )
    except OSError as exc:
        raise UsageError(f"{exc.filename} cannot be read ({exc.strerror}).") from exc
    session = open_session(ctx)
    try:
        try:
            fingerprint = exports.import_certificate(session, data, secret)
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
    finally:
        session.close()
    sys.stdout.write(
        f"Exports will now be signed with the imported certificate (SHA-256 {fingerprint}).\n"
    )
    return 0
