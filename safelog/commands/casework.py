"""referral and guidance: the commands for information sharing and referrals."""

from __future__ import annotations

import argparse
import json
import sys

from safelog.cli import Context, UsageError, print_json
from safelog.commands.common import open_session
from safelog.domain.timefmt import TimeError, parse_local, uk_date, uk_datetime
from safelog.guidance import load_wizard
from safelog.services import children, referrals


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("referral", help="record a referral")
    rsub = p.add_subparsers(dest="referral_command", metavar="add", required=True)
    q = rsub.add_parser("add", help="record a referral to MASH, police, LADO or early help")
    q.add_argument("--upn", required=True)
    q.add_argument("--agency", required=True, metavar="mash|police|lado|early-help")
    q.add_argument(
        "--at",
        required=True,
        metavar="YYYY-MM-DD HH:MM",
        help="when the referral was made, UK time",
    )
    q.add_argument("--reference", metavar="REF", help="the agency's reference number")
    q.add_argument("--spoke-to", metavar="NAME", help="who was spoken to")
    q.add_argument("--summary", metavar="TEXT", help="what was said")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_referral_add)

    p = sub.add_parser("guidance", help="the statutory guidance SafeLog follows")
    gsub = p.add_subparsers(dest="guidance_command", metavar="show", required=True)
    q = gsub.add_parser("show", help="show guidance data with its sources")
    q.add_argument("what", choices=["wizard"], help="wizard: the information-sharing graph")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_guidance_show)


def cmd_referral_add(ctx: Context, args: argparse.Namespace) -> int:
    agency = referrals.Agency.parse(args.agency)
    try:
        at = parse_local(args.at)
    except TimeError as exc:
        raise UsageError(str(exc)) from exc
    session = open_session(ctx)
    try:
        child = children.child_by_upn(session, args.upn)
        made = referrals.add_referral(
            session,
            child_id=child.child_id,
            agency=agency,
            referred_at=at,
            reference=args.reference,
            spoke_to=args.spoke_to,
            summary=args.summary,
        )
    finally:
        session.close()
    if args.json:
        print_json(
            {
                "referral": made.referral_id,
                "upn": child.upn,
                "agency": made.agency.value,
                "referred_at": made.referred_at.isoformat(),
                "reference": made.reference,
                "follow_up_due": made.follow_up_due.isoformat(),
            }
        )
        return 0
    sys.stdout.write(
        f"Recorded referral F{made.referral_id} to {agency.label} for {child.display_name} "
        f"({child.upn}) at {uk_datetime(made.referred_at)}. Working Together expects a decision "
        f"within one working day: follow up if nothing has come by the end of "
        f"{made.follow_up_due:%A} {uk_date(made.follow_up_due)}.\n"
    )
    return 0


def cmd_guidance_show(ctx: Context, args: argparse.Namespace) -> int:
    graph = load_wizard()
    if args.json:
        sys.stdout.write(json.dumps(graph.to_json_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(graph.to_text().rstrip("\n") + "\n")
    return 0
