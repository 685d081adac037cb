"""pupils, concern, chronology, reviews: the commands about children's records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safelog.cli import STDIN, Context, UsageError, print_json
from safelog.commands.common import open_session
from safelog.domain.pupil_csv import parse_pupils_csv
from safelog.domain.records import ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import (
    TimeError,
    add_days,
    iso,
    now_utc,
    parse_local,
    parse_uk_date,
    today_london,
    uk_date,
    uk_datetime,
)
from safelog.guidance.categories import (
    GuidanceError,
    load_guidance,
    resolve_category,
    review_due_for,
)
from safelog.services import children, concerns, due, responses
from safelog.services.chronology import chronology


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("pupils", help="import pupils from the MIS, or list them")
    psub = p.add_subparsers(dest="pupils_command", metavar="import|list", required=True)
    q = psub.add_parser("import", help="import a SIMS, Arbor or Bromcom CSV export")
    q.add_argument("file", metavar="FILE.csv")
    q.set_defaults(handler=cmd_pupils_import)
    q = psub.add_parser("list", help="list the children in the vault")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_pupils_list)

    p = sub.add_parser("concern", help="log a concern")
    csub = p.add_subparsers(dest="concern_command", metavar="add", required=True)
    q = csub.add_parser("add", help="log a concern about a child")
    q.add_argument("--upn", required=True)
    q.add_argument(
        "--category",
        required=True,
        action="append",
        metavar="CAT",
        help="an id or label (repeat, or separate with commas)",
    )
    q.add_argument(
        "--occurred", metavar="YYYY-MM-DD HH:MM", help="when it happened, UK time (default: now)"
    )
    q.add_argument(
        "--text-file", required=True, metavar="FILE|-", help="what was seen or heard (facts)"
    )
    q.add_argument("--child-words", metavar="TEXT", help="the child's own words, verbatim")
    q.add_argument("--location", metavar="TEXT")
    q.add_argument("--significant", action="store_true", help="a significant event")
    q.set_defaults(handler=cmd_concern_add)

    p = sub.add_parser("chronology", help="a child's chronology")
    p.add_argument("upn", metavar="UPN")
    p.add_argument("--summary", action="store_true", help="significant events only")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_chronology)

    p = sub.add_parser("reviews", help="what is due")
    rsub = p.add_subparsers(dest="reviews_command", metavar="due", required=True)
    q = rsub.add_parser("due", help="everything due by a date (default today)")
    q.add_argument("--until", metavar="DATE")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_reviews_due)


def cmd_pupils_import(ctx: Context, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"{args.file} cannot be read ({exc.strerror}).") from exc
    parsed = parse_pupils_csv(data)
    if parsed.errors:
        for err in parsed.errors:
            sys.stderr.write(f"line {err.line}: {err.reason}\n")
        count = len(parsed.errors)
        raise UsageError(
            f"Nothing was imported: {count} problem{'s' if count > 1 else ''} "
            f"in {args.file} (listed above)."
        )
    session = open_session(ctx)
    try:
        summary = children.import_pupils(session, [row for _, row in parsed.rows])
    finally:
        session.close()
    sys.stdout.write(summary.sentence() + "\n")
    return 0


def cmd_pupils_list(ctx: Context, args: argparse.Namespace) -> int:
    session = open_session(ctx)
    try:
        rows = children.list_children(session)
    finally:
        session.close()
    if args.json:
        print_json(
            [
                {
                    "upn": c.upn,
                    "legal_surname": c.legal_surname,
                    "legal_forename": c.legal_forename,
                    "preferred_forename": c.preferred_forename,
                    "preferred_surname": c.preferred_surname,
                    "dob": c.dob.isoformat(),
                    "gender": c.gender,
                    "year_group": c.year_group,
                    "form": c.form,
                    "flags": sorted(f.value for f in c.flags),
                    "on_roll": c.on_roll,
                }
                for c in rows
            ]
        )
    else:
        for c in rows:
            sys.stdout.write(
                f"{c.upn}\t{c.legal_surname}, {c.legal_forename}\t"
                f"{uk_date(c.dob)}\t{c.year_group or ''}\t{c.form or ''}\n"
            )
    return 0


def _categories(values: list[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                try:
                    ids.append(resolve_category(part).id)
                except GuidanceError as exc:
                    raise UsageError(str(exc)) from exc
    return tuple(dict.fromkeys(ids))


def _read_text(ctx: Context, source: str) -> str:
    if source == "-":
        if ctx.passphrase_file == STDIN:
            raise UsageError(
                "Only one of --passphrase-file and --text-file can read standard input."
            )
        return sys.stdin.read()
    try:
        return Path(source).read_text("utf-8")
    except OSError as exc:
        raise UsageError(f"{source} cannot be read ({exc.strerror}).") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source} is not UTF-8 text.") from exc


def cmd_concern_add(ctx: Context, args: argparse.Namespace) -> int:
    categories = _categories(args.category)
    try:
        occurred = parse_local(args.occurred) if args.occurred else now_utc()
    except TimeError as exc:
        raise UsageError(str(exc)) from exc
    if args.text_file == "-" and ctx.passphrase_file == STDIN:
        raise UsageError("Only one of --passphrase-file and --text-file can read standard input.")
    text = _read_text(ctx, args.text_file) if args.text_file != "-" else None
    session = open_session(ctx)
    try:
        if text is None:
            text = _read_text(ctx, "-")
        child = children.child_by_upn(session, args.upn)
        draft = ConcernDraft(
            children=(Involvement(child.child_id, ConcernRole.SUBJECT),),
            occurred_at=occurred,
            categories=categories,
            facts=text.strip(),
            child_words=(args.child_words or "").strip() or None,
            location=(args.location or "").strip() or None,
            significant=args.significant,
        )
        concern_id = concerns.log_concern(session, draft)
        guidance = load_guidance()
        review_on = review_due_for([guidance.category(c) for c in categories], occurred.date())
        review_on = max(review_on, add_days(today_london(), 1))
        responses.set_review(
            session,
            child_id=child.child_id,
            due_on=review_on,
            concern_id=concern_id,
            note="default review for the category",
        )
    finally:
        session.close()
    sys.stdout.write(
        f"Logged concern C{concern_id} for {child.display_name} ({child.upn}), "
        f"happened {uk_datetime(occurred)}; review due {uk_date(review_on)}.\n"
    )
    return 0


def cmd_chronology(ctx: Context, args: argparse.Namespace) -> int:
    session = open_session(ctx)
    try:
        child = children.child_by_upn(session, args.upn)
        entries = chronology(session, child.child_id, summary=args.summary)
    finally:
        session.close()
    if args.json:
        print_json(
            {
                "child": {
                    "upn": child.upn,
                    "legal_surname": child.legal_surname,
                    "legal_forename": child.legal_forename,
                    "preferred_forename": child.preferred_forename,
                    "dob": child.dob.isoformat(),
                },
                "summary": args.summary,
                "entries": [
                    {
                        "occurred_at": iso(e.occurred_at),
                        "recorded_at": iso(e.recorded_at),
                        "kind": e.kind,
                        "summary": e.summary,
                        "child_words": e.child_words,
                        "source": e.source,
                        "action": e.action,
                        "outcome": e.outcome,
                        "by": e.by_whom,
                        "significant": e.significant,
                        "reference": e.reference,
                        "categories": list(e.categories),
                    }
                    for e in entries
                ],
            }
        )
        return 0
    sys.stdout.write(
        f"Chronology of {child.display_name} ({child.upn}), born "
        f"{uk_date(child.dob)}: {len(entries)} entries\n"
    )
    for e in entries:
        star = "*" if e.significant else " "
        sys.stdout.write(f"{star} {uk_datetime(e.occurred_at)}  {e.reference:<10} {e.summary}\n")
        if e.child_words:
            sys.stdout.write(f'      Child\'s words: "{e.child_words}"\n')
    return 0


def cmd_reviews_due(ctx: Context, args: argparse.Namespace) -> int:
    try:
        until = parse_uk_date(args.until) if args.until else today_london()
    except TimeError as exc:
        raise UsageError(str(exc)) from exc
    session = open_session(ctx)
    try:
        items = due.due_items(session, until)
    finally:
        session.close()
    today = today_london()
    if args.json:
        print_json(
            [
                {
                    "kind": i.kind,
                    "due_date": i.due_on.isoformat(),
                    "upn": i.upn,
                    "child": i.child_name,
                    "description": i.description,
                    "reference": i.reference,
                    "overdue": i.overdue(today),
                }
                for i in items
            ]
        )
        return 0
    if not items:
        sys.stdout.write(f"Nothing is due by {uk_date(until)}.\n")
    for i in items:
        flag = "OVERDUE " if i.overdue(today) else ""
        sys.stdout.write(
            f"{flag}{uk_date(i.due_on)}  {i.kind:<7} {i.upn}  {i.child_name}: {i.description}\n"
        )
    return 0
