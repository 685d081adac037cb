"""The information-sharing wizard ("Should I share information?"), rendered from the guidance
graph. Open it with ``SharingWizardDialog(ctx, child_id, concern_id=None, parent)``."""

from ui.sharing.wizard_dialog import SharingWizardDialog

__all__ = ["SharingWizardDialog"]
