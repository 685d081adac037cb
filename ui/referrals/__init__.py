"""Referrals to the MASH, police, LADO and early help: the referral dialog, the outcome and
escalation dialogs, and the per-child ``ReferralsWidget`` for the child's file."""

from ui.referrals.referral_dialog import ReferralDialog
from ui.referrals.referrals_widget import ReferralsWidget

__all__ = ["ReferralDialog", "ReferralsWidget"]
