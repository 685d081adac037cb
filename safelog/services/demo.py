"""Plausible fictional data at school scale, for demonstrations, training and benchmarks.

Everything here is invented. The vault is marked as a demo vault at creation (setting
``demo``), and every screen and page made from it says FICTIONAL DEMO DATA. Concerns are written
in batches, each batch one transaction with its own audit event, so killing the process at any
moment leaves every batch reported as saved in the vault, and nothing half-written.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from safelog.domain.pupils import ChildFlag, PupilRow
from safelog.domain.records import ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import LONDON, iso, now_utc
from safelog.domain.upn import make_upn
from safelog.guidance.categories import load_guidance
from safelog.services import children as children_service
from safelog.services.concerns import write_revision
from safelog.services.session import Session
from safelog.store.header import RECORDS

Progress = Callable[[int, int, str], None]
DEMO_SCHOOL = "Fictional Demo Academy"
DEMO_SETTINGS: dict[str, object] = {
    "demo": True,
    "local_authority": "Fictional County Council",
    "mash_phone": "01632 960001",  # Ofcom's drama range: numbers that ring nowhere
    "mash_out_of_hours_phone": "01632 960002",
    "mash_email": "mash@fictional-county.example",
    "lado_name": "Lee Fictional (LADO)",
    "lado_phone": "01632 960003",
    "police_phone": "999 in an emergency; 101 otherwise",
}
BATCH = 1000

FORENAMES = (
    "Amelia",
    "Oliver",
    "Isla",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Muhammad",
    "Grace",
    "Harry",
    "Freya",
    "Jack",
    "Lily",
    "Oscar",
    "Zoë",
    "Łukasz",
    "Siobhán",
    "Aoife",
    "Chidi",
    "Amara",
    "Priya",
    "Arjun",
    "Fatima",
    "Yusuf",
    "Maja",
    "Jakub",
    "Thanh",
    "Minh",
    "Kofi",
    "Ama",
    "Ellie",
    "Alfie",
    "Sophia",
    "George",
    "Evie",
    "Ruby",
    "Theo",
    "Hana",
    "Kai",
    "Nia",
    "محمد",
    "Zainab",
    "Ibrahim",
    "Ffion",
    "Rhys",
    "Seren",
    "Dylan",
    "Bartosz",
    "Zuzanna",
    "Ali",
)
SURNAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Khan",
    "Begum",
    "Nguyễn",
    "Ødegård",
    "O'Brien",
    "Kowalski",
    "Nowak",
    "Okafor",
    "Mensah",
    "Ahmed",
    "Hussain",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Thompson",
    "Hall",
    "Green",
    "Lewis",
    "Clarke",
    "Murphy",
    "Brontë",
    "Ó Súilleabháin",
    "Mac Giolla",
    "Singh",
    "Kaur",
    "Ward",
    "Wood",
    "Harris",
    "Martin",
    "Jackson",
    "White",
    "Lee",
    "Chen",
    "Tran",
)
PLACES = (
    "playground",
    "classroom 4B",
    "dining hall",
    "school gate",
    "corridor by the library",
    "PE changing room",
    "form room",
    "school office",
    "bus bay",
    "music room",
)
STAFF = (
    "Ms Fictional (teacher)",
    "Mr Example (TA)",
    "Mrs Sample (form tutor)",
    "Mr Invented (PE)",
    "Ms Placeholder (SENCO)",
    "Dr Madeup (school nurse)",
)

# Short, calm, non-graphic fictional accounts, by kind of concern.
FACTS = {
    "physical": [
        "Noticed a bruise about 3cm across on the child's upper left arm during PE.",
        "Child arrived with a graze on the right cheek and was reluctant to say how.",
        "Saw a red mark on the back of the child's neck when they took off their coat.",
    ],
    "emotional": [
        "Child was tearful at registration and said they did not want to go home.",
        "Child has been withdrawn for a week and sits alone at lunch.",
        "Parent was heard shouting at the child at the gate, calling them useless.",
    ],
    "neglect": [
        "Child came to school in the same unwashed clothes for the third day running.",
        "Child said there was no food at home last night and asked for extra toast.",
        "Child has missed four appointments and has untreated toothache.",
    ],
    "sexual": [
        "Child made a comment in class that was not in keeping with their age; "
        "recorded and passed to the DSL the same day."
    ],
    "online": [
        "Child showed a friend messages from an adult they met in an online game.",
        "Another pupil reported that images of the child were shared in a group chat.",
    ],
    "other": [
        "Child said an older teenager asked them to carry a parcel after school.",
        "Attendance has dropped to 78% this half term with no explanation from home.",
        "Child disclosed arguments and a police visit at home at the weekend.",
    ],
}
WORDS = (
    "I don't want to go home tonight.",
    "Mum said not to tell anyone.",
    "It was just a game, it doesn't hurt.",
    "He gets really angry when he's been drinking.",
    "There wasn't any tea again.",
    "They said they'd share the pictures if I told.",
    None,
    None,
    None,
)
ACTIONS = (
    "Spoke to the child; will monitor.",
    "Called parent to discuss.",
    "Logged and passed to the DSL in person.",
    "Consulted the MASH advice line.",
)


def _group(category: str) -> str:
    for key in ("physical", "emotional", "neglect", "sexual", "online"):
        if key in category:
            return key
    return "other"


def _pupil(rng: random.Random, serial: int, today: date) -> PupilRow:
    age = rng.randint(11, 16)
    dob = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    year = min(13, max(7, age - 4))
    flags = {
        f
        for f, p in (
            (ChildFlag.SEND, 0.14),
            (ChildFlag.EAL, 0.18),
            (ChildFlag.CIN, 0.03),
            (ChildFlag.CP_PLAN, 0.015),
            (ChildFlag.LOOKED_AFTER, 0.01),
            (ChildFlag.EARLY_HELP, 0.04),
            (ChildFlag.YOUNG_CARER, 0.02),
        )
        if rng.random() < p
    }
    forename = rng.choice(FORENAMES)
    return PupilRow(
        upn=make_upn(879, 4321 + serial // 1000, (today.year - age + 5) % 100, serial % 1000),
        legal_surname=rng.choice(SURNAMES),
        legal_forename=forename,
        preferred_forename=forename[:3] if rng.random() < 0.05 else None,
        preferred_surname=None,
        dob=dob,
        gender=rng.choice(("F", "M")),
        year_group=f"Year {year}",
        form=f"{year}{rng.choice('ABCD')}",
        admission_date=date(today.year - max(0, age - 11), 9, 1),
        flags=frozenset(flags),
    )


def fill_demo(
    session: Session, *, pupils: int, concerns: int, seed: int, progress: Progress | None = None
) -> str:
    rng = random.Random(seed)
    today = datetime.now(LONDON).date()
    have = children_service.count_children(session)
    if have < pupils:
        rows = [_pupil(rng, serial, today) for serial in range(have + 1, pupils + 1)]
        children_service.import_pupils(session, rows, source="demo", progress=progress)
    kids = [c.child_id for c in children_service.list_children(session, audit=False)]
    categories = [c.id for c in load_guidance().categories]
    # Neglect and emotional abuse are the most common categories in practice; weight them so.
    weights = [
        6 if _group(c) in ("neglect", "emotional") else 3 if _group(c) == "physical" else 1
        for c in categories
    ]
    heavy = kids[0]  # one child with a long history, for the 1,000-entry chronology benchmark
    heavy_count = min(1000, concerns // 10) if concerns >= 100 else 0
    start = datetime.now(UTC) - timedelta(days=365 * 6)
    span = (datetime.now(UTC) - timedelta(hours=1) - start).total_seconds()
    done = 0
    while done < concerns:
        size = min(BATCH, concerns - done)
        with session.writing(RECORDS, action="demo", object_type="concerns") as w:
            for i in range(size):
                n = done + i
                child = heavy if n < heavy_count else rng.choice(kids)
                _one_concern(
                    w,
                    session,
                    rng,
                    child,
                    kids,
                    categories,
                    weights,
                    start + timedelta(seconds=rng.random() * span),
                    today,
                )
            w.object_id = f"{done + 1}-{done + size}"
            w.payload = {"fictional": True, "concerns": size}
        done += size
        if progress:
            progress(done, concerns, "concerns saved")
    return f"The demo vault has {len(kids)} fictional pupils; added {concerns} fictional concerns."


def _one_concern(
    w,
    session: Session,
    rng: random.Random,
    child: int,
    kids: list[int],  # type: ignore[no-untyped-def]
    categories: list[str],
    weights: list[int],
    when: datetime,
    today: date,
) -> None:
    cats = tuple(sorted(set(rng.choices(categories, weights, k=rng.choice((1, 1, 1, 2))))))
    involved = [Involvement(child, ConcernRole.SUBJECT)]
    if rng.random() < 0.08:
        other = rng.choice(kids)
        if other != child:
            involved.append(
                Involvement(
                    other, rng.choice((ConcernRole.WITNESS, ConcernRole.ALLEGED_PERPETRATOR))
                )
            )
    draft = ConcernDraft(
        children=tuple(involved),
        occurred_at=when.astimezone(LONDON),
        categories=cats,
        facts=rng.choice(FACTS[_group(cats[0])]) + f" Reported by {rng.choice(STAFF)}.",
        child_words=rng.choice(WORDS),
        opinion=None
        if rng.random() < 0.7
        else "In my view the child seemed frightened rather than upset.",
        location=rng.choice(PLACES),
        immediate_action=rng.choice(ACTIONS),
        dsl_told=rng.random() < 0.5,
        significant=rng.random() < 0.2,
    )
    concern_id = w.add("concern", {"created_at": iso(now_utc()), "created_by": session.user_id})
    write_revision(w, concern_id, 1, draft, session.user_id, None)
    age_days = (today - draft.occurred_at.date()).days
    if age_days > 45:
        # Older concerns have been dealt with, as in a real school: triaged, most closed.
        event = "closed" if age_days > 120 else "triaged"
        w.add(
            "concern_event",
            {
                "concern_id": concern_id,
                "event": event,
                "detail": "Reviewed by the DSL (fictional)" if event == "closed" else None,
                "at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
    if age_days < 60:
        due = draft.occurred_at.date() + timedelta(days=14)
        review_id = w.conn.execute(
            "SELECT coalesce(max(review_id), 0) + 1 FROM reviews"
        ).fetchone()[0]
        w.add(
            "review",
            {
                "review_id": review_id,
                "revision": 1,
                "child_id": child,
                "concern_id": concern_id,
                "kind": "concern",
                "due_on": due.isoformat(),
                "status": "open",
                "note": "default review for the category",
                "reason": None,
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
